using EdgeRuntime.Core.Time;
using EdgeRuntime.Daemon.Cli;
using EdgeRuntime.Testing.Mqtt;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// A user request, however it arrives (GPIO button, standard input, MQTT command), makes `edge run` publish a scene
/// description whose reason is the user's.
/// </summary>
public sealed class UserRequestTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static int UserScenes(string output) => output.Split('\n')
        .Count(l => l.Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal) && l.Contains("\"reason\":\"user\"", StringComparison.Ordinal));

    [Fact]
    public async Task A_short_and_a_long_press_of_the_GPIO_button_each_yield_a_user_description()
    {
        var chip = new FakeGpioDriver(TimeProvider.System);
        var inner = new StringWriter();
        var stdout = TextWriter.Synchronized(inner);
        string Output()
        {
            lock (stdout)
            {
                return inner.ToString();
            }
        }
        // In process, so the fake driver can stand in for libgpiod: System.Device.Gpio's controller and everything above
        // it are the daemon's.
        var errors = new StringWriter();
        var stderr = TextWriter.Synchronized(errors);
        var context = new CliContext(stdout, stderr, Repo.Root, new Dictionary<string, string?>(), _ => chip);
        using var stop = new CancellationTokenSource();
        var run = EdgeCli.RunAsync(LiveRun.Arguments(
            "--set", "Camera:Loop=true", "--set", "Audio:Loop=true",
            "--set", "Gpio:ButtonLine=17", "--set", "Gpio:Chip=fake", "--set", "Gpio:ButtonActiveLow=false",
            // Edges are stamped on arrival (GpioController's callbacks carry no kernel time): no debounce, so a press and
            // its release driven back to back are decided at once, and a long press is due 100 ms into a hold.
            "--set", "Gpio:Debounce=0ms", "--set", "Gpio:LongPress=100ms",
            "--set", "Output:Jsonl:Path="), context, stop.Token);
        try
        {
            await Eventually.TrueAsync(() => run.IsCompleted || (chip.HasCallback(17) && Output().Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal)),
                Deadline, "the button line requested and a first description");
            Assert.False(run.IsCompleted, "edge run ended early\n" + Output());
            Assert.Equal(0, UserScenes(Output()));

            chip.Drive(17, high: true);
            chip.Drive(17, high: false);
            await Eventually.TrueAsync(() => UserScenes(Output()) >= 1, Deadline, "a user description after a short press");

            chip.Drive(17, high: true); // held until the long press (read text) has been answered
            await Eventually.TrueAsync(() => UserScenes(Output()) >= 2, Deadline, "a user description after a long press (read text)");
            chip.Drive(17, high: false);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var exit = await run.WaitAsync(Deadline);
        Assert.True(exit == 0, $"exit {exit}\n{errors}");
        Assert.True(chip.OpenPins.Count == 0 && chip.Disposed, "the button line is released and the chip closed when the run stops");
    }

    [Fact]
    public void Lines_piped_to_standard_input_ask_for_descriptions_and_toggle_mute_and_its_end_leaves_the_run_going()
    {
        using var dir = Repo.TempDir();
        var jsonl = dir.File("events.jsonl");
        using var process = ProcessRunner.Start("dotnet", [typeof(ExitCodes).Assembly.Location, "run", "--profile", "sample"], Repo.Root,
            new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Mqtt__Host"] = "", ["EDGE_Output__Jsonl__Path"] = jsonl },
            out var stdout, out var stderr);
        string Out()
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
        string Err()
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
        try
        {
            Eventually.True(() => process.HasExited || (Err().Contains("stdin: reading requests from standard input (pipe)", StringComparison.Ordinal)
                && Out().Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal)), Deadline, "the reader started and a first description");
            Assert.False(process.HasExited, "edge run ended early\n" + Err());
            Assert.Equal(0, UserScenes(Out()));

            process.StandardInput.WriteLine("d");
            Eventually.True(() => UserScenes(Out()) >= 1, Deadline, "a user description after 'd'");
            process.StandardInput.WriteLine("t");
            Eventually.True(() => UserScenes(Out()) >= 2, Deadline, "a user description after 't' (read text)");
            process.StandardInput.WriteLine("m");
            Eventually.True(() => Out().Contains("{\"topic\":\"edge/mute/state\",\"retain\":true,\"payload\":\"ON\"}", StringComparison.Ordinal),
                Deadline, "mute state ON after 'm'");

            process.StandardInput.Close();
            Eventually.True(() => process.HasExited || Err().Contains("stdin: end of standard input", StringComparison.Ordinal), Deadline, "the reader sees the end of input");
            Assert.False(process.HasExited, "the end of standard input does not end the run\n" + Err());

            EdgeProcess.Terminate(process, stderr);
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
        // The JSONL file holds exactly the JSON lines standard output got (the summary is not one of them).
        var json = Out().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToArray();
        Assert.Contains(json, l => l.Contains("\"topic\":\"edge/events\"", StringComparison.Ordinal));
        Assert.Equal(json, File.ReadAllLines(jsonl));
    }

    [Fact]
    public void A_request_typed_while_the_models_load_is_answered_once_the_cascade_starts()
    {
        using var process = ProcessRunner.Start("dotnet", [typeof(ExitCodes).Assembly.Location, "run", "--profile", "sample"], Repo.Root,
            new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Mqtt__Host"] = "", ["EDGE_Output__Jsonl__Path"] = "" },
            out var stdout, out var stderr);
        string Out()
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
        try
        {
            process.StandardInput.WriteLine("d"); // at once: the engine does not exist yet
            Eventually.True(() => process.HasExited || UserScenes(Out()) >= 1, Deadline, "a user description for the early request");
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);
            Assert.Equal(1, UserScenes(Out()));
            EdgeProcess.Terminate(process, stderr);
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }

    [Fact]
    public void An_MQTT_describe_command_over_a_real_broker_yields_a_scene_published_with_the_user_reason()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var client = new TestMqttClient(broker, "describe-test", subscriptions: "edge-describe/#").WaitConnected();
        using var process = EdgeProcess.StartSample(broker, "edge-describe", dir, out var stderr);
        bool UserScene(ReceivedMessage m) => m.Text.Contains("\"reason\":\"user\"", StringComparison.Ordinal);
        try
        {
            // The first description says the cascade is running; a request before it would find no engine yet.
            Eventually.True(() => process.HasExited || client.On("edge-describe/scene").Count > 0, Deadline, "a first scene on edge-describe/scene");
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);
            Assert.DoesNotContain(client.On("edge-describe/scene"), UserScene);

            client.Publish("edge-describe/describe/set", "PRESS"u8.ToArray(), qos: 1);
            Eventually.True(() => client.On("edge-describe/scene").Any(UserScene), Deadline, "a scene with reason user after describe/set PRESS");
            var scene = System.Text.Json.JsonDocument.Parse(client.On("edge-describe/scene").First(UserScene).Payload).RootElement;
            Assert.Equal(2, scene.GetProperty("tier").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(scene.GetProperty("text").GetString()));

            EdgeProcess.Terminate(process, stderr);
            Assert.Contains("mqtt: command describe accepted", stderr.ToString(), StringComparison.Ordinal);
            Assert.Empty(broker.LoggedErrors());
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }

    [Fact]
    public void An_MQTT_read_text_command_over_a_real_broker_is_answered_with_a_reading_and_its_decision_names_it()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var client = new TestMqttClient(broker, "read-test", subscriptions: "edge-read/#").WaitConnected();
        using var process = EdgeProcess.StartSample(broker, "edge-read", dir, out var stderr);
        bool UserScene(ReceivedMessage m) => m.Text.Contains("\"reason\":\"user\"", StringComparison.Ordinal);
        try
        {
            Eventually.True(() => process.HasExited || client.On("edge-read/scene").Count > 0, Deadline, "a first scene on edge-read/scene");
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);

            client.Publish("edge-read/read_text/set", "PRESS"u8.ToArray(), qos: 1);
            Eventually.True(() => client.On("edge-read/scene").Any(UserScene), Deadline, "a scene with reason user after read_text/set PRESS");
            var scene = System.Text.Json.JsonDocument.Parse(client.On("edge-read/scene").First(UserScene).Payload).RootElement;
            var text = scene.GetProperty("text").GetString()!;
            var read = scene.GetProperty("read_text").EnumerateArray().Select(e => e.GetString()!).ToList();
            // The answer is a reading: the lines read (and nothing but them), or why there are none.
            Assert.True(text is "I can't see any text." or "The text is too small to read; move closer." or "I may see some lettering, but I can't read it." || (read.Count > 0 && text == string.Join(' ', read)), text);
            Eventually.True(() => client.On("edge-read/decisions").Any(m => m.Text.Contains("\"read_text\"", StringComparison.Ordinal)), Deadline,
                "the tier-2 decision that answered it names read_text among its reasons");

            EdgeProcess.Terminate(process, stderr);
            Assert.Contains("mqtt: command read_text accepted", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
