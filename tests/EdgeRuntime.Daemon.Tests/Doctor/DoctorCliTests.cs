using System.Globalization;
using System.Text.Json;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Doctor;

/// <summary>
/// <c>edge doctor</c> as a separate process, the way a person at a board runs it: a real mosquitto on loopback, the
/// real models, this machine's disk and service manager.
/// </summary>
public sealed class DoctorCliTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public void With_the_sample_profile_and_a_broker_up_every_check_passes_and_it_exits_0()
    {
        using var broker = MosquittoBroker.Start();
        var result = Doctor(broker, ["--profile", "sample"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"(?m)^ok   broker: 127\.0\.0\.1:{broker.Port} accepted the connection anonymously$", result.StdOut);
        Assert.Matches(@"(?m)^ok   camera: replays .+video\.mp4", result.StdOut);
        Assert.Matches(@"(?m)^ok   models: 5 model\(s\) verified against ", result.StdOut);
        Assert.Matches(@"(?m)^ok   providers: ONNX Runtime 1\.32\.\d+: configured CPU attach", result.StdOut);
        Assert.Matches(@"(?m)^ok   disk: Mqtt:Outbox:Path .+: \d+ MB free on its file system, 64 MB needed", result.StdOut);
        Assert.Matches(@"(?m)^ok   service: ", result.StdOut);
        Assert.Matches(@"(?m)^doctor: all 9 checks passed$", result.StdOut);
        Assert.Empty(broker.LoggedErrors());
    }

    [Fact]
    public void On_a_machine_without_camera_microphone_or_GPIO_the_rpi4_profile_says_exactly_that_and_passes_the_rest()
    {
        Assert.False(Directory.EnumerateFileSystemEntries("/dev", "video*").Any() || Directory.EnumerateFileSystemEntries("/dev", "gpiochip*").Any()
            || File.Exists("/proc/asound/pcm"), "this test is for a machine without a camera, a sound card or a GPIO chip (CI's)");
        using var broker = MosquittoBroker.Start();
        var result = Doctor(broker, ["--profile", "rpi4"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"(?m)^FAIL camera: Camera:Device /dev/video0 does not exist; no V4L2 camera on this machine \(/dev/video\* absent\) — connect the camera", result.StdOut);
        Assert.Matches(@"(?m)^FAIL microphone: Audio:Device 'default': no default capture device; .*no ALSA capture device on this machine", result.StdOut);
        Assert.Matches(@"(?m)^FAIL gpio: Gpio:Chip 'pinctrl-bcm2711' for ButtonLine 17, PirLine 27, LedLine 22: no GPIO chip 'pinctrl-bcm2711'.* — set Gpio:Chip", result.StdOut);
        Assert.Equal(3, result.StdOut.Split('\n').Count(l => l.StartsWith("FAIL ", StringComparison.Ordinal)));
        Assert.Equal(6, result.StdOut.Split('\n').Count(l => l.StartsWith("ok   ", StringComparison.Ordinal)));
    }

    [Fact]
    public void With_the_broker_down_the_broker_line_fails_naming_host_and_port_and_it_exits_1()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop();
        var result = Doctor(broker, ["--profile", "sample"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches($@"(?m)^FAIL broker: cannot connect to 127\.0\.0\.1:{broker.Port}: Connection refused.* — start the broker", result.StdOut);
        Assert.Matches(@"(?m)^doctor: 1 of 9 checks failed$", result.StdOut);
    }

    [Fact]
    public void A_broker_that_refuses_the_login_fails_naming_the_user()
    {
        using var broker = MosquittoBroker.Start(new BrokerSettings { Username = "edge", Password = "right" });
        var result = Doctor(broker, ["--profile", "sample", "--set", "Mqtt:Username=edge", "--set", "Mqtt:Password=wrong"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches($@"(?m)^FAIL broker: 127\.0\.0\.1:{broker.Port} refused the connection as user edge \(password: from configuration\): .+ — check Mqtt:Username", result.StdOut);

        result = Doctor(broker, ["--profile", "sample", "--set", "Mqtt:Username=edge", "--set", "Mqtt:Password=right"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"(?m)^ok   broker: 127\.0\.0\.1:{broker.Port} accepted the connection as user edge", result.StdOut);
    }

    [Fact]
    public void A_TLS_broker_is_reached_with_the_configured_CA_and_a_server_it_cannot_verify_fails()
    {
        using var broker = MosquittoBroker.Start(new BrokerSettings { Tls = true, RequireClientCertificate = false });
        var result = Doctor(broker, ["--profile", "sample", "--set", "Mqtt:Tls:CaFile=" + broker.Certificates!.CaFile]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"(?m)^ok   broker: 127\.0\.0\.1:{broker.Port} \(TLS\) accepted the connection anonymously$", result.StdOut);

        // The system store does not hold the fixture's CA.
        result = Doctor(broker, ["--profile", "sample", "--set", "Mqtt:Tls:Enabled=true"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches($@"(?m)^FAIL broker: cannot connect to 127\.0\.0\.1:{broker.Port} \(TLS\): ", result.StdOut);
    }

    [Fact]
    public void A_missing_model_fails_naming_the_file_and_it_exits_1()
    {
        // The shipped manifest beside links to every model file but the face detector's.
        var shipped = Repo.Path("models-quantized");
        File.Copy(Path.Combine(shipped, "manifest.json"), _dir.File("manifest.json"));
        foreach (var file in Directory.EnumerateFiles(shipped).Where(f => Path.GetFileName(f) is not ("manifest.json" or "blazeface.onnx")))
        {
            File.CreateSymbolicLink(_dir.File(Path.GetFileName(file)), file);
        }
        using var broker = MosquittoBroker.Start();
        var result = Doctor(broker, ["--profile", "sample", "--set", "Cascade:Models:Manifest=" + _dir.File("manifest.json")]);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"FAIL models: 1 of 5 model(s) failed verification: blazeface: file missing: {_dir.File("blazeface.onnx")} — ", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_configuration_exits_2_naming_the_key_and_checks_nothing()
    {
        var result = ProcessRunner.Run("dotnet", [Edge, "doctor", "--set", "Mqtt:Port=99999"], TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root });
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Mqtt:Port = '99999'", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public void Json_output_holds_every_check_with_what_was_found_and_what_to_do()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop();
        var result = Doctor(broker, ["--profile", "sample", "--json"]);
        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.StdOut);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["camera", "microphone", "gpio", "distance", "broker", "models", "providers", "disk", "service"],
            checks.Select(c => c.GetProperty("check").GetString()));
        var failed = Assert.Single(checks, c => !c.GetProperty("ok").GetBoolean());
        Assert.Equal("broker", failed.GetProperty("check").GetString());
        Assert.Contains($"127.0.0.1:{broker.Port}", failed.GetProperty("found").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("start the broker", failed.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.All(checks.Where(c => c.GetProperty("ok").GetBoolean()), c => Assert.False(c.TryGetProperty("fix", out _)));
    }

    [Fact]
    public void A_portaudio_microphone_is_found_by_name_through_real_ALSA_and_a_missing_one_is_named()
    {
        var alsa = ("ALSA_CONFIG_PATH", EdgeRuntime.Daemon.Tests.Cli.AlsaTestMicrophone.Configure(_dir, "testmic"));
        var result = Doctor(null, ["--profile", "sample", "--set", "Audio:Source=portaudio", "--set", "Audio:Device=testmic"], alsa);
        Assert.Matches(@"(?m)^ok   microphone: 'testmic' \(ALSA, \d+ input channel\(s\)\) for Audio:Device 'testmic'", result.StdOut);

        result = Doctor(null, ["--profile", "sample", "--set", "Audio:Source=portaudio", "--set", "Audio:Device=nosuchmic"], alsa);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"(?m)^FAIL microphone: Audio:Device 'nosuchmic': no capture device named 'nosuchmic'; capture devices: .*testmic", result.StdOut);
    }

    private static string Edge => typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;

    private ProcessResult Doctor(MosquittoBroker? broker, string[] args, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string?>
        {
            ["EDGE_HOME"] = Repo.Root,
            ["EDGE_Mqtt__Outbox__Path"] = _dir.File("outbox.journal"),
            ["EDGE_Output__Jsonl__Path"] = _dir.File("events.jsonl"),
        };
        if (broker is not null)
        {
            environment["EDGE_Mqtt__Host"] = broker.Host;
            environment["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }
        return ProcessRunner.Run("dotnet", [Edge, "doctor", .. args], TimeSpan.FromSeconds(60), environment: environment);
    }

    public void Dispose() => _dir.Dispose();
}
