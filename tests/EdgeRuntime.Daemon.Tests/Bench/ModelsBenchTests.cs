using System.Text.Json.Nodes;
using EdgeRuntime.Daemon.Bench;

namespace EdgeRuntime.Daemon.Tests.Bench;

/// <summary>
/// <c>edge models bench</c> end to end on the shipped models through the real `edge` process: it measures, its choice
/// follows <see cref="Int8Rule"/> given the figures it printed, and the profile it writes is one the daemon loads.
/// No assertion on the timings themselves.
/// </summary>
public sealed class ModelsBenchTests : IDisposable
{
    private static readonly string EdgeDll = typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-bench-").FullName;

    private static ProcessResult Edge(params string[] args) =>
        ProcessRunner.Run("dotnet", [EdgeDll, .. args], TimeSpan.FromSeconds(300),
            environment: new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Output__Jsonl__Path"] = "" });

    [Fact]
    public void The_manifest_ships_an_int8_and_a_float_file_of_every_model_and_verify_checks_them_all()
    {
        var manifest = EdgeRuntime.Inference.Manifest.ModelManifest.Load(Repo.Path("models-quantized", "manifest.json"));
        foreach (var m in manifest.Models)
        {
            Assert.True(ModelBench.HasInt8Pair(m), $"{m.Name} ships {string.Join(", ", m.Precisions)}");
            Assert.NotEmpty(m.HeldOut ?? []);
        }
        var verify = Edge("models", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        foreach (var m in manifest.Models)
        {
            Assert.Contains($"ok   {m.Name} (", verify.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bench_measures_chooses_by_the_rule_and_writes_a_profile_the_daemon_loads()
    {
        var profile = Path.Combine(_dir, "board.json");
        File.WriteAllText(profile, """{ "Logging": { "Level": "Warning" } }""");
        var result = Edge("models", "bench", "--model", "blazeface", "--runs", "3", "--json", "--write-profile", profile);
        Assert.True(result.ExitCode == 0, result.ToString());

        var report = JsonNode.Parse(result.StdOut)!;
        var model = report["models"]!.AsArray().Single()!;
        Assert.Equal("blazeface", (string?)model["model"]);
        Assert.Equal("Faces", (string?)model["role"]);
        var agreement = (double)model["agreement"]!;
        Assert.InRange(agreement, 0, 1);
        Assert.Contains("float detections matched", (string?)model["agreementDetail"], StringComparison.Ordinal);
        var floatMs = (double)model["float"]!["medianMs"]!;
        var int8Ms = (double)model["int8"]!["medianMs"]!;
        Assert.True(floatMs > 0 && int8Ms > 0 && (double)model["float"]!["p90Ms"]! >= floatMs);
        Assert.Equal(3, (int)model["float"]!["runs"]!);
        var expected = Int8Rule.Decide(floatMs, int8Ms, agreement, (double)model["target"]!, (double)report["minSpeedup"]!);
        Assert.Equal(expected.Precision, (string?)model["choice"]);

        // The profile keeps what it had and gains the choice; the daemon reads it and loads that file.
        var written = JsonNode.Parse(File.ReadAllText(profile))!;
        Assert.Equal("Warning", (string?)written["Logging"]!["Level"]);
        Assert.Equal(expected.Precision, (string?)written["Cascade"]!["Models"]!["FacesPrecision"]);
        var verify = Edge("models", "bench", "--model", "blazeface", "--runs", "1", "-c", profile);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Matches(@"(?m)^blazeface: float32 [\d.]+ ms \(p90 [\d.]+\), int8 [\d.]+ ms .* -> (float32|int8): ", verify.StdOut);
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("float32")]
    public void A_profile_choosing_either_file_loads_it(string precision)
    {
        var options = Load(("Cascade:Models:FacesPrecision", precision), ("Cascade:Models:ObjectsPrecision", precision));
        Assert.Equal(precision, options.Models.PrecisionOf("Faces"));
        using var runtime = new EdgeRuntime.Inference.Runtime.OrtRuntime(options.Onnx);
        using var loaded = EdgeRuntime.Cascade.Models.LoadedModels.Load(runtime, options.Models with { Vad = "", OcrDetector = "", OcrRecognizer = "" }, Repo.Root);
        Assert.NotNull(loaded.Models.Faces);
        Assert.NotNull(loaded.Models.Objects);
    }

    [Fact]
    public void An_unknown_precision_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<EdgeRuntime.Core.Configuration.ConfigurationValidationException>(() => Load(("Cascade:Models:FacesPrecision", "int4")));
        Assert.Contains("Cascade:Models:FacesPrecision", e.Message, StringComparison.Ordinal);
        Assert.Contains("float32, int8", e.Message, StringComparison.Ordinal);
    }

    private static Configuration.EdgeOptions Load(params (string Key, string Value)[] settings) =>
        Configuration.EdgeOptions.Load(Configuration.EdgeConfiguration.Build(new Configuration.ConfigurationSources(Repo.Root, null, null,
            [.. settings.Select(s => $"{s.Key}={s.Value}")], new Dictionary<string, string?>())), Repo.Root);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
