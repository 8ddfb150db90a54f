using System.Security.Cryptography;

namespace EdgeRuntime.Daemon.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task Version_prints_edgeruntime_dotnet_and_the_onnx_runtime_version_from_the_native_library()
    {
        var (exit, output, _) = await CliHarness.Run(["version"]);
        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^EdgeRuntime \d+\.\d+\.\d+", output);
        Assert.Matches(@"(?m)^\.NET \d+\.\d+", output);
        var ort = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^ONNX Runtime (\d+)\.(\d+)\.(\d+)");
        Assert.True(ort.Success, output);
        // The Microsoft.ML.OnnxRuntime package's own native build, pinned in Directory.Packages.props.
        Assert.True(ort.Groups[1].Value == "1" && ort.Groups[2].Value == "32", "ONNX Runtime 1.32.x expected: " + output);
    }

    [Fact]
    public async Task Version_lists_the_execution_providers_the_library_was_built_with()
    {
        var (exit, output, _) = await CliHarness.Run(["version"]);
        Assert.Equal(0, exit);
        var line = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^Execution providers: (.+)$");
        Assert.True(line.Success, output);
        // CPU is always usable. CUDA and TensorRT, which configuration can name, are either usable or reported with ONNX
        // Runtime's reason (the package's CPU build has neither: "not enabled in this build").
        var usable = line.Groups[1].Value.Split(", ");
        Assert.Contains("CPU", usable);
        foreach (var provider in new[] { "CUDA", "TensorRT" })
        {
            Assert.True(usable.Contains(provider) || System.Text.RegularExpressions.Regex.IsMatch(output, $@"(?m)^  (compiled in but )?not usable here: {provider} \(.+\)$"), output);
        }
    }

    [Fact]
    public async Task Version_with_a_library_path_that_does_not_exist_fails_naming_the_path()
    {
        using var psi = Repo.TempDir();
        var bogus = psi.File("libonnxruntime.so.1");
        var result = ProcessRunner.Run("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, "version"], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string?> { ["ORT_LIBRARY_PATH"] = bogus });
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(bogus, result.StdErr, StringComparison.Ordinal);
        Assert.Contains("no such file", result.StdErr, StringComparison.Ordinal);
        Assert.Equal($"edge: cannot load ONNX Runtime from '{bogus}' (ORT_LIBRARY_PATH): no such file", result.StdErr.Trim());
    }

    [Fact]
    public void Version_with_a_library_path_at_a_copy_of_the_packages_library_loads_that_file()
    {
        using var dir = Repo.TempDir();
        var package = Path.Combine(AppContext.BaseDirectory, "runtimes", EdgeRuntime.Core.Hosting.EdgeHome.NativeRid, "native", "libonnxruntime.so");
        var copy = dir.File("jetpack-build/libonnxruntime.so.1.32");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(package, copy);
        var result = ProcessRunner.Run("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, "version"], TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string?> { ["ORT_LIBRARY_PATH"] = copy });
        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"(?m)^ONNX Runtime 1\.32\.\d+ \({System.Text.RegularExpressions.Regex.Escape(copy)}\)$", result.StdOut);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var (exit, _, err) = await CliHarness.Run(["fly"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("fly", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_says_clearly_when_there_are_none()
    {
        var (exit, output, _) = await CliHarness.Run(["devices"]);
        Assert.Equal(0, exit);
        Assert.Contains("Cameras (V4L2):", output, StringComparison.Ordinal);
        Assert.Contains("Audio capture", output, StringComparison.Ordinal);
        Assert.Contains("GPIO chips:", output, StringComparison.Ordinal);
        if (!Directory.EnumerateFileSystemEntries("/dev", "video*").Any())
        {
            Assert.Contains("no V4L2 camera found", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Models_verify_passes_on_matching_hashes_and_fails_naming_the_file_on_a_mismatch()
    {
        using var dir = Repo.TempDir();
        var model = dir.File("tiny.onnx");
        await File.WriteAllBytesAsync(model, [1, 2, 3, 4]);
        var good = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(model)));
        var manifest = dir.File("manifest.json");
        await File.WriteAllTextAsync(manifest, $$"""{ "schemaVersion": 1, "models": [ { "name": "tiny", "file": "tiny.onnx", "sha256": "{{good}}", "task": "test" } ] }""");

        var (exit, output, _) = await CliHarness.Run(["models", "verify", "--manifest", manifest]);
        Assert.Equal(0, exit);
        Assert.Contains("ok   tiny", output, StringComparison.Ordinal);

        var (listExit, list, _) = await CliHarness.Run(["models", "--manifest", manifest]);
        Assert.Equal(0, listExit);
        Assert.Contains("tiny", list, StringComparison.Ordinal);

        await File.WriteAllBytesAsync(model, [9, 9, 9]);
        var (badExit, _, err) = await CliHarness.Run(["models", "verify", "--manifest", manifest]);
        Assert.Equal(1, badExit);
        Assert.Contains("sha256 mismatch", err, StringComparison.Ordinal);
        Assert.Contains(model, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_with_a_malformed_manifest_fails_naming_the_file()
    {
        using var dir = Repo.TempDir();
        var manifest = dir.File("manifest.json");
        await File.WriteAllTextAsync(manifest, """{ "models": [ { "name": "x", "file": "x.onnx", "sha256": "short" } ] }""");
        var (exit, _, err) = await CliHarness.Run(["models", "verify", "--manifest", manifest]);
        Assert.Equal(1, exit);
        Assert.Contains(manifest, err, StringComparison.Ordinal);
        Assert.Contains("sha256", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_repository_manifest_verifies()
    {
        var (exit, output, err) = await CliHarness.Run(["models", "verify"]);
        Assert.True(exit == 0, output + err);
    }
}
