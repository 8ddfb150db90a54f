using System.Text.RegularExpressions;

namespace EdgeRuntime.IntegrationTests;

public sealed class AotPublishTests
{
    [Fact]
    public void The_NativeAOT_binary_publishes_without_warnings_and_runs_edge_version()
    {
        using var output = Repo.TempDir("edge-aot");
        var publish = ProcessRunner.Run("bash", [Repo.Path("tools", "publish-aot.sh"), output.Path], TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.Matches(@"publish-aot: size \d+ bytes", publish.StdOut);
        Assert.Matches(@"publish-aot: edge version start-up to exit, median of 7: [\d.]+ ms", publish.StdOut);

        var binary = Path.Combine(output.Path, "edge");
        var version = ProcessRunner.Run(binary, ["version"], TimeSpan.FromSeconds(30));
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains("NativeAOT", version.StdOut, StringComparison.Ordinal);
        // The package's own native library, published beside the binary and loaded from there; no Windows DLLs.
        var library = Path.Combine(output.Path, "libonnxruntime.so");
        Assert.True(File.Exists(library), "libonnxruntime.so not published beside the binary");
        Assert.Matches(new Regex($@"(?m)^ONNX Runtime 1\.32\.\d+ \({Regex.Escape(library)}\)$"), version.StdOut);
        Assert.Empty(Directory.GetFiles(output.Path, "*.dll", SearchOption.AllDirectories));
    }
}
