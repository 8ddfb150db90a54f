using System.Globalization;
using System.Text;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>MQTT <c>&lt;prefix&gt;/camera/set OFF|ON</c> pauses and resumes a live sensor's feed into the cascade.</summary>
public sealed class SensorPauseTests
{
    [Fact]
    public void Pausing_the_camera_over_MQTT_sets_its_state_and_puts_the_cascade_in_degraded_mode_until_resumed()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var client = new TestMqttClient(broker, "pause-test", subscriptions: "edge-pause/#").WaitConnected();
        using var process = LiveRun.Start(new()
        {
            ["EDGE_Mqtt__Host"] = broker.Host,
            ["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGE_Mqtt__TopicPrefix"] = "edge-pause",
            ["EDGE_Mqtt__Outbox__Path"] = dir.File("outbox.journal"),
        }, out _, out var stderr);
        try
        {
            var deadline = TimeSpan.FromSeconds(60);
            Eventually.True(() => client.On("edge-pause/events").Count > 0, deadline, "a first event from the live cascade");

            client.Publish("edge-pause/camera/set", Encoding.UTF8.GetBytes("OFF"), qos: 1);
            Eventually.True(() => client.On("edge-pause/camera/state").LastOrDefault()?.Text == "OFF", deadline, "camera state OFF");
            Eventually.True(() => client.On("edge-pause/events").Any(m => m.Text.Contains("\"degraded\":true", StringComparison.Ordinal)),
                deadline, "an event marked degraded while the camera is paused");

            client.Publish("edge-pause/camera/set", Encoding.UTF8.GetBytes("ON"), qos: 1);
            Eventually.True(() => client.On("edge-pause/camera/state").LastOrDefault()?.Text == "ON", deadline, "camera state ON");

            EdgeProcess.Terminate(process, stderr);
            Assert.Empty(broker.LoggedErrors());
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
