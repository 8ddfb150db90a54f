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
        // The script ran `edge devices` with a distance sensor on an absent bus through the binary and checked it.
        Assert.Contains("publish-aot: devices | Distance sensor (I2C):", publish.StdOut, StringComparison.Ordinal);

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

    [Theory]
    [InlineData("--rid linux-riscv64", "publish-aot: --rid 'linux-riscv64' is not supported (linux-x64 or linux-arm64)")]
    [InlineData("--rid", "publish-aot: --rid needs a value (linux-x64 or linux-arm64)")]
    [InlineData("--arch arm64", "publish-aot: unknown option '--arch'")]
    public void A_bad_rid_or_option_is_one_error_line_and_exit_2_before_anything_is_installed_or_built(string arguments, string error)
    {
        var run = ProcessRunner.Run("bash", [Repo.Path("tools", "publish-aot.sh"), .. arguments.Split(' ')], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith(error, run.StdErr.Trim(), StringComparison.Ordinal);
        Assert.Single(run.StdErr.Trim().Split('\n'));
        Assert.Empty(run.StdOut);
    }
}
