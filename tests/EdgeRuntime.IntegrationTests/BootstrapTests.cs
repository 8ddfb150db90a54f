using System.Security.Cryptography;

namespace EdgeRuntime.IntegrationTests;

public sealed class BootstrapTests
{
    [Fact]
    public void A_second_bootstrap_run_finds_everything_present_and_changes_nothing()
    {
        var script = Repo.Path("tools", "bootstrap.sh");
        var first = ProcessRunner.Run("bash", [script], TimeSpan.FromMinutes(30));
        Assert.True(first.ExitCode == 0, first.ToString());

        var before = Snapshot(Repo.Path(".deps"));
        var second = ProcessRunner.Run("bash", [script], TimeSpan.FromMinutes(2));
        Assert.True(second.ExitCode == 0, second.ToString());

        var steps = second.StdOut.Split('\n').Where(l => l.StartsWith("bootstrap: ", StringComparison.Ordinal) && !l.Contains("all steps ok", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(steps);
        Assert.All(steps, l => Assert.EndsWith("ok (already present)", l.TrimEnd(), StringComparison.Ordinal));
        Assert.Contains(steps, l => l.Contains("onnxruntime", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(Repo.Path(".deps")));
    }

    [Fact]
    public void Bootstrap_rejects_an_unknown_argument_by_name()
    {
        var result = ProcessRunner.Run("bash", [Repo.Path("tools", "bootstrap.sh"), "--frobnicate"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_fails_clearly_when_ORT_LIBRARY_PATH_points_nowhere()
    {
        var result = ProcessRunner.Run("bash", [Repo.Path("tools", "bootstrap.sh")], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?> { ["ORT_LIBRARY_PATH"] = "/nonexistent/libonnxruntime.so.1" });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ORT_LIBRARY_PATH=/nonexistent/libonnxruntime.so.1 does not exist", result.StdErr, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Snapshot(string dir)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // .deps/roots is tools/board-emulation.sh's cache, not the bootstrap's: whole Debian roots, with device nodes
        // (/dev/zero, /dev/ptmx) that a read never finishes. Walking it hung this test on a checkout that had run the
        // board emulation before (a second `tools/test.sh`).
        var files = Directory.EnumerateFiles(dir).Concat(Directory.EnumerateDirectories(dir)
            .Where(d => Path.GetFileName(d) != "roots")
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)));
        foreach (var file in files)
        {
            if (file.EndsWith(".log", StringComparison.Ordinal))
            {
                continue;
            }
            var info = new FileInfo(file);
            // Large files: size + mtime; small ones: content hash too.
            map[Path.GetRelativePath(dir, file)] = info.Length < 4_000_000
                ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))
                : $"{info.Length}@{info.LastWriteTimeUtc.Ticks}";
        }
        return map;
    }
}
