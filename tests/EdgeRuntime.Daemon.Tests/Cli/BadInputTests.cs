using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeRuntime.Daemon.Tests.Systemd;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// Bad usage, configuration, models and recordings against the real `edge` process: one line naming the key or the
/// file, no stack trace, the exit code README documents (2), and nothing started or published.
/// </summary>
public sealed class BadInputTests
{
    private static readonly string EdgeDll = typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;

    private static ProcessResult Edge(IEnumerable<string> args, Dictionary<string, string?>? environment = null)
    {
        environment ??= [];
        environment["EDGE_HOME"] = Repo.Root;
        environment.TryAdd("EDGE_Output__Jsonl__Path", "");
        return ProcessRunner.Run("dotnet", [EdgeDll, .. args], TimeSpan.FromSeconds(120), environment: environment);
    }

    /// <summary>Exit 2, the error as `edge: ...` lines that contain <paramref name="named"/>, and no stack trace.</summary>
    private static void AssertBadInput(ProcessResult result, params string[] named)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        foreach (var text in named)
        {
            Assert.Contains(text, result.StdErr, StringComparison.Ordinal);
        }
        Assert.DoesNotMatch(@"(?m)^\s+at ", result.StdErr);
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--set", "Mqqt:Host=localhost")]
    [InlineData("--set", "Camra:Source=v4l2")]
    public void A_misspelt_top_level_section_is_an_error_naming_the_key(string option, string setting)
    {
        var result = Edge(["run", option, setting]);
        AssertBadInput(result, setting[..setting.IndexOf('=')], "unknown section", "Mqtt");
    }

    [Fact]
    public void A_misspelt_section_from_the_environment_is_an_error_naming_the_key()
    {
        var result = Edge(["run"], new() { ["EDGE_Mqqt__Host"] = "localhost" });
        AssertBadInput(result, "Mqqt:Host", "unknown section");
    }

    [Theory]
    [InlineData("fly")]
    [InlineData("run", "--bogus")]
    [InlineData("models", "verify", "--manifest")]
    [InlineData("eval", "--report", "x.md")]
    public void A_usage_error_exits_2_naming_what_was_wrong(params string[] args)
    {
        var result = Edge(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("edge: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("edge --help", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_is_one_line_naming_the_file_exit_2_no_READY_and_nothing_published()
    {
        using var dir = Repo.TempDir();
        // The repository's manifest in a folder without the model files.
        var manifest = dir.File("manifest.json");
        File.Copy(Repo.Path("models-quantized", "manifest.json"), manifest);
        using var broker = MosquittoBroker.Start();
        using var client = new TestMqttClient(broker, "bad-model-test", subscriptions: "edge-bad-model/#").WaitConnected();
        using var listener = new NotifyListener(dir);

        var result = Edge(["run", "--profile", "sample", "--set", "Cascade:Models:Manifest=" + manifest], new()
        {
            ["EDGE_Mqtt__Host"] = broker.Host,
            ["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGE_Mqtt__TopicPrefix"] = "edge-bad-model",
            ["EDGE_Mqtt__ClientId"] = "edge-bad-model-daemon",
            ["EDGE_Mqtt__Outbox__Path"] = dir.File("outbox.journal"),
            ["NOTIFY_SOCKET"] = listener.Path,
        });

        AssertBadInput(result, "Cascade:Models:", "file missing: " + dir.Path);
        Assert.Single(result.StdErr.Split('\n'), l => l.StartsWith("edge: ", StringComparison.Ordinal));
        Assert.Empty(listener.Received);
        // It never connected, so it published nothing: neither online nor a `stopped` that would claim a clean shutdown.
        Assert.Contains("bad-model-test", broker.Log, StringComparison.Ordinal); // the broker logs every client that connects
        Assert.DoesNotContain("edge-bad-model-daemon", broker.Log, StringComparison.Ordinal);
        Assert.Empty(client.Messages);
    }

    [Fact]
    public void A_model_file_onnx_runtime_cannot_load_is_one_line_naming_the_file_and_exit_2()
    {
        using var dir = Repo.TempDir();
        // A manifest whose only model is garbage with a matching sha256: it passes the hash check and fails in ONNX Runtime.
        var garbage = dir.File("blazeface.onnx");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);
        var real = JsonNode.Parse(File.ReadAllText(Repo.Path("models-quantized", "manifest.json")))!;
        var entry = real["models"]!.AsArray().Single(m => (string?)m!["name"] == "blazeface")!.DeepClone();
        entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(garbage)));
        var manifest = dir.File("manifest.json");
        File.WriteAllText(manifest, new JsonObject { ["schemaVersion"] = 1, ["models"] = new JsonArray(entry) }.ToJsonString());

        var result = Edge(["run", "--profile", "sample", "--set", "Cascade:Models:Manifest=" + manifest,
            "--set", "Cascade:Models:Vad=", "--set", "Cascade:Models:Objects=", "--set", "Cascade:Models:OcrDetector=", "--set", "Cascade:Models:OcrRecognizer="]);

        AssertBadInput(result, "Cascade:Models:Faces", garbage, "not a model ONNX Runtime can load");
        Assert.Single(result.StdErr.Split('\n'), l => l.StartsWith("edge: ", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> BadMedia => new()
    {
        { "Camera:ReplayFile", "garbage" },
        { "Camera:ReplayFile", "empty" },
        { "Camera:ReplayFile", "truncated" },
        { "Audio:ReplayFile", "garbage" },
        { "Audio:ReplayFile", "empty" },
        { "Audio:ReplayFile", "truncated" },
        { "Audio:ReplayFile", "header only" },
    };

    [Theory]
    [MemberData(nameof(BadMedia))]
    public void A_bad_recording_stops_run_at_start_with_one_line_naming_the_key_and_the_file(string key, string damage)
    {
        using var dir = Repo.TempDir();
        var video = key is "Camera:ReplayFile";
        var good = Repo.Path(".deps", "scenarios", "sample", video ? "video.mp4" : "audio.wav");
        var bad = dir.File(video ? "bad.mp4" : "bad.wav");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(bad, damage switch
        {
            "garbage" => [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 131 + 7))],
            "empty" => [],
            "truncated" => bytes[..(bytes.Length / 3)],
            "header only" => bytes[..44],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        });

        var result = Edge(LiveRun.Arguments("--set", $"{key}={bad}"));

        AssertBadInput(result, $"{key} = '{bad}'");
        Assert.Single(result.StdErr.Split('\n'), l => l.StartsWith("edge: ", StringComparison.Ordinal));
    }
}
