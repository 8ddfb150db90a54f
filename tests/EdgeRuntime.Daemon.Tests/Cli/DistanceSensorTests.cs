using System.Text.Json;
using EdgeRuntime.Daemon.Cli;
using EdgeRuntime.Testing.Mqtt;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// The obstacle-distance sensor through the daemon: `edge run` in process with a VL53L0X register model standing in for
/// /dev/i2c-1 (everything above System.Device.I2c's I2cDevice is real: the binding, the component, the announcer,
/// speech through espeak-ng, and MQTT through a real mosquitto), and `edge devices`.
/// </summary>
public sealed class DistanceSensorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static IEnumerable<JsonElement> Json(IEnumerable<ReceivedMessage> messages) => messages.Select(m => JsonDocument.Parse(m.Payload).RootElement);

    [Fact]
    public async Task An_approaching_obstacle_is_published_as_state_and_events_spoken_once_and_its_departure_ends_the_event()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var client = new TestMqttClient(broker, "distance-test", subscriptions: ["edge-distance/distance", "edge-distance/events"]).WaitConnected();
        var sensor = new FakeVl53L0x { Millimetres = 1500 };
        var stderr = new StringWriter();
        var context = new CliContext(TextWriter.Synchronized(new StringWriter()), TextWriter.Synchronized(stderr), Repo.Root, new Dictionary<string, string?>(),
            i2cDevice: _ => sensor);
        var wavs = Path.Combine(dir.Path, "wav");
        using var stop = new CancellationTokenSource();
        var run = EdgeCli.RunAsync(
        [
            "run", "--set", $"Mqtt:Host={broker.Host}", "--set", $"Mqtt:Port={broker.Port}", "--set", "Mqtt:TopicPrefix=edge-distance",
            "--set", "Mqtt:Outbox:Path=" + dir.File("outbox.journal"), "--set", "Output:Jsonl:Path=",
            "--set", "Distance:Enabled=true", "--set", "Distance:Interval=20ms",
            "--set", "Speech:Enabled=true", "--set", "Speech:WavDirectory=" + wavs,
        ], context, stop.Token);
        try
        {
            var states = () => Json(client.On("edge-distance/distance")).ToList();
            await Eventually.TrueAsync(() => run.IsCompleted || states().Any(s => s.GetProperty("distance_mm").GetInt32() == 1500), Deadline, "the first state");
            Assert.False(run.IsCompleted, "edge run ended early\n" + stderr);
            var first = states()[0];
            Assert.Equal(("front", false, true), (first.GetProperty("source").GetString(), first.GetProperty("obstacle").GetBoolean(), first.GetProperty("available").GetBoolean()));

            sensor.Millimetres = 800;
            await Eventually.TrueAsync(() => Json(client.On("edge-distance/events")).Any(), Deadline, "the obstacle's arrival");
            var arrived = Json(client.On("edge-distance/events")).Single();
            Assert.Equal("new", arrived.GetProperty("type").GetString());
            var obstacle = arrived.GetProperty("after");
            Assert.Equal(("obstacle", "range", "front", 800), (obstacle.GetProperty("label").GetString(), obstacle.GetProperty("modality").GetString(),
                obstacle.GetProperty("source").GetString(), obstacle.GetProperty("distance_mm").GetInt32()));
            await Eventually.TrueAsync(() => states().Any(s => s.GetProperty("obstacle").GetBoolean()), Deadline, "the state with the obstacle");

            // Spoken once through espeak-ng (to a WAV file here), though the sensor keeps seeing it every 20 ms.
            await Eventually.TrueAsync(() => File.Exists(Path.Combine(wavs, "utterance-00001.wav")), Deadline, "the warning spoken");
            sensor.Millimetres = 1500;
            await Eventually.TrueAsync(() => Json(client.On("edge-distance/events")).Count() >= 2, Deadline, "the obstacle's departure");
            var ended = Json(client.On("edge-distance/events")).ToList()[1];
            Assert.Equal("end", ended.GetProperty("type").GetString());
            Assert.Equal(obstacle.GetProperty("id").GetString(), ended.GetProperty("after").GetProperty("id").GetString());
            Assert.True(ended.GetProperty("after").TryGetProperty("end_time", out _));
            Assert.Single(Directory.GetFiles(wavs, "*.wav"));

            // The state is retained: a client that subscribes now gets the latest one at once.
            using var late = new TestMqttClient(broker, "distance-late", subscriptions: "edge-distance/distance").WaitConnected();
            await Eventually.TrueAsync(() => late.On("edge-distance/distance").Any(m => m.Retain), Deadline, "the retained state");
        }
        finally
        {
            await stop.CancelAsync();
        }
        var exit = await run.WaitAsync(Deadline);
        Assert.True(exit == 0, $"exit {exit}\n{stderr}");
        Assert.True(sensor.Disposed, "the I2C device is released when the run stops");
    }

    [Fact]
    public async Task Devices_names_a_configured_sensor_that_answers_with_its_product_and_reading()
    {
        var stdout = new StringWriter();
        var context = new CliContext(stdout, new StringWriter(), Repo.Root, new Dictionary<string, string?>(), i2cDevice: _ => new FakeVl53L0x { Millimetres = 640 });
        Assert.Equal(0, await EdgeCli.RunAsync(["devices", "--set", "Distance:Enabled=true"], context, CancellationToken.None));
        var output = stdout.ToString();
        Assert.Contains("Distance sensor (I2C):", output, StringComparison.Ordinal);
        Assert.Contains("/dev/i2c-1       VL53L0X at 0x29 on /dev/i2c-1 (product VL53L0CBV0DH/1$5, module 1, revision 1.1)", output, StringComparison.Ordinal);
        Assert.Contains("reads 640 mm now", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_says_when_no_distance_sensor_is_configured_and_why_a_configured_one_cannot_be_opened()
    {
        var (exit, output, _) = await CliHarness.Run(["devices"]);
        Assert.Equal(0, exit);
        Assert.Contains("none: no distance sensor (Distance:Enabled is false)", output, StringComparison.Ordinal);

        (exit, output, _) = await CliHarness.Run(["devices", "--set", "Distance:Enabled=true", "--set", "Distance:Bus=99"]);
        Assert.Equal(0, exit);
        Assert.Contains("VL53L0X at 0x29 on /dev/i2c-99", output, StringComparison.Ordinal);
        Assert.Contains("cannot open: ", output, StringComparison.Ordinal);
        Assert.Contains("'/dev/i2c-99'", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Distance:ObstacleLeave=900", "Distance:ObstacleLeave")]
    [InlineData("Distance:Address=0x99", "Distance:Address")]
    [InlineData("Distance:Adress=0x29", "Distance:Adress")]
    public async Task A_bad_distance_setting_stops_start_up_naming_the_key(string setting, string key)
    {
        var (exit, _, err) = await CliHarness.Run(["run", "--set", setting]);
        Assert.Equal(2, exit);
        Assert.Contains(key, err, StringComparison.Ordinal);
    }
}
