namespace EdgeRuntime.IntegrationTests;

/// <summary>
/// tools/package.sh's usage errors: one line, exit 2, before it publishes or writes anything. Building the packages
/// publishes twice (minutes), so it is left to the package step, not the default test path.
/// </summary>
public sealed class PackageScriptTests
{
    [Theory]
    [InlineData("--arch riscv64", "package: --arch 'riscv64' is not supported (amd64 or arm64)")]
    [InlineData("--arch", "package: --arch needs a value (amd64 or arm64)")]
    [InlineData("--rid linux-arm64", "package: unknown option '--rid' (usage: tools/package.sh [--arch amd64|arm64] [OUTPUT_DIR])")]
    [InlineData("out-a out-b", "package: more than one OUTPUT_DIR given ('out-a', 'out-b')")]
    public void A_bad_arch_or_option_is_one_error_line_and_exit_2_before_anything_is_built(string arguments, string error)
    {
        using var cwd = Repo.TempDir("edge-package-usage");
        var run = ProcessRunner.Run("bash", [Repo.Path("tools", "package.sh"), .. arguments.Split(' ')], TimeSpan.FromSeconds(30), workingDirectory: cwd.Path);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(error, run.StdErr.Trim());
        Assert.Empty(run.StdOut);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd.Path));
    }
}
