using System.Text.Json;

namespace EdgeRuntime.IntegrationTests;

/// <summary>
/// tools/board-emulation.sh's usage errors (one line, exit 2, before it mounts or builds anything), and the check it
/// makes of two emulated runs (tools/board-emulation-compare.py) on captured broker messages. The emulated boards
/// themselves run in tools/test.sh after the test assemblies (minutes of qemu; docs/benchmarks.md, "Emulated boards").
/// </summary>
public sealed class BoardEmulationScriptTests
{
    [Theory]
    [InlineData("--arch riscv64", "board-emulation: --arch 'riscv64' is not supported (arm64, amd64 or all)")]
    [InlineData("--arch", "board-emulation: --arch needs a value (arm64, amd64 or all)")]
    [InlineData("--seconds 1", "board-emulation: --seconds needs a whole number of seconds from 2 to 60")]
    [InlineData("--seconds six", "board-emulation: --seconds needs a whole number of seconds from 2 to 60")]
    [InlineData("--rid linux-arm64", "board-emulation: unknown argument '--rid' (usage: tools/board-emulation.sh [--arch arm64|amd64|all] [--seconds N] [--out DIR])")]
    public void A_bad_argument_is_one_error_line_and_exit_2_before_anything_runs(string arguments, string error)
    {
        using var cwd = Repo.TempDir("edge-board-usage");
        var run = ProcessRunner.Run("bash", [Repo.Path("tools", "board-emulation.sh"), .. arguments.Split(' ')], TimeSpan.FromSeconds(30), workingDirectory: cwd.Path);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(error, run.StdErr.Trim());
        Assert.Empty(run.StdOut);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd.Path));
    }

    [Fact]
    public void A_run_that_went_online_published_events_and_a_description_and_stopped_passes_the_check()
    {
        using var dir = Repo.TempDir("edge-board-compare");
        var run = Capture(dir, "run.jsonl", ("person", 0.5198), ("speech", 0.9092));

        var result = Compare("--check", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("person 0.5198, speech 0.9092", result.StdOut);
    }

    [Fact]
    public void A_run_without_a_description_or_a_stop_fails_the_check_naming_both()
    {
        using var dir = Repo.TempDir("edge-board-compare");
        var path = Path.Combine(dir.Path, "run.jsonl");
        File.WriteAllLines(path, [Message("edge/available", "online"), Event("face", 0.9)]);

        var result = Compare("--check", path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("not online ... stopped", result.StdOut);
        Assert.Contains("no scene description", result.StdOut);
        Assert.Contains("no `speech` event", result.StdOut);
    }

    [Fact]
    public void Runs_whose_first_events_score_within_the_tolerance_agree()
    {
        using var dir = Repo.TempDir("edge-board-compare");
        var reference = Capture(dir, "amd64.jsonl", ("face", 0.8961), ("speech", 0.9092));
        var arm = Capture(dir, "arm64.jsonl", ("face", 0.8958), ("speech", 0.9092));

        var result = Compare("--reference", reference, arm);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("largest score difference 0.00030", result.StdOut);
    }

    [Fact]
    public void A_score_off_by_more_than_the_tolerance_or_a_missing_label_is_a_disagreement()
    {
        using var dir = Repo.TempDir("edge-board-compare");
        var reference = Capture(dir, "amd64.jsonl", ("face", 0.8961), ("speech", 0.9092), ("person", 0.52));
        var arm = Capture(dir, "arm64.jsonl", ("face", 0.61), ("speech", 0.9092));

        var result = Compare("--reference", reference, arm);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("labels with a `new` event differ: ['face', 'speech'] against ['face', 'person', 'speech']", result.StdOut);
        Assert.Contains("face: score 0.6100 against 0.8961", result.StdOut);
    }

    private static ProcessResult Compare(params string[] arguments) =>
        ProcessRunner.Run("python3", [Repo.Path("tools", "board-emulation-compare.py"), .. arguments], TimeSpan.FromSeconds(30));

    /// <summary>A capture as mosquitto_sub -F %j writes it: online, one new event per label, a description, stopped.</summary>
    private static string Capture(TempDir dir, string name, params (string Label, double Score)[] firsts)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllLines(path,
        [
            Message("edge/available", "online"),
            .. firsts.Select(f => Event(f.Label, f.Score)),
            Message("edge/scene", """{"schema":1,"text":"A person slightly left, close by.","reason":"startup"}"""),
            Message("edge/available", "stopped"),
        ]);
        return path;
    }

    private static string Event(string label, double score) => Message("edge/events",
        $$$"""{"schema":1,"type":"new","after":{"label":"{{{label}}}","score":{{{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}""");

    private static string Message(string topic, string payload) =>
        $"{{\"topic\":\"{JsonEncodedText.Encode(topic)}\",\"payload\":\"{JsonEncodedText.Encode(payload)}\"}}";
}
