namespace EdgeRuntime.Daemon.Tests.Cli;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Logging:Level=Loud", "Logging:Level", "one of Trace, Debug")]
    [InlineData("Pipeline:ShutdownTimeout=10s", "Pipeline:ShutdownTimeout", "from 100ms to 2s")]
    [InlineData("Onnx:LibraryPath=/nonexistent/libonnxruntime.so.1", "Onnx:LibraryPath", "an existing file")]
    [InlineData("Onnx:ExecutionProviders=CPU,Quantum", "Onnx:ExecutionProviders", "CPU, CUDA, TensorRT, XNNPACK")]
    [InlineData("Onnx:IntraOpThreads=-1", "Onnx:IntraOpThreads", "an integer from 0 to 256")]
    [InlineData("Onnx:GraphOptimization=Max", "Onnx:GraphOptimization", "one of Disable, Basic, Extended, All")]
    [InlineData("Pipeline:ShutdownTimeot=1s", "Pipeline:ShutdownTimeot", "unknown key")]
    [InlineData("Output:Jsonl:Fsync=often", "Output:Jsonl:Fsync", "one of every, batched, none")]
    [InlineData("Output:Jsonl:MaxBytes=10", "Output:Jsonl:MaxBytes", "65536")]
    [InlineData("Output:JsonlPath=x.jsonl", "Output:JsonlPath", "unknown key")]
    [InlineData("no-equals-sign", "--set", "KEY=VALUE")]
    public async Task A_bad_value_on_the_command_line_stops_run_naming_the_key_the_value_and_what_is_allowed(string set, string key, string allowed)
    {
        var (exit, _, err) = await CliHarness.Run(["run", "--set", set]);
        Assert.Equal(2, exit);
        Assert.Contains(key, err, StringComparison.Ordinal);
        Assert.Contains(allowed, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_from_an_EDGE_environment_variable_names_the_configuration_key()
    {
        var (exit, _, err) = await CliHarness.Run(["run"], environment: new() { ["EDGE_Pipeline__ShutdownTimeout"] = "soon" });
        Assert.Equal(2, exit);
        Assert.Contains("Pipeline:ShutdownTimeout = 'soon'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_in_a_config_file_is_reported_and_an_unknown_profile_lists_the_known_ones()
    {
        using var dir = Repo.TempDir();
        var file = dir.File("bad.json");
        await File.WriteAllTextAsync(file, """{ "Logging": { "Level": "Chatty" } }""");
        var (exit, _, err) = await CliHarness.Run(["run", "--config", file]);
        Assert.Equal(2, exit);
        Assert.Contains("Logging:Level = 'Chatty'", err, StringComparison.Ordinal);

        var (exit2, _, err2) = await CliHarness.Run(["run", "--profile", "toaster"]);
        Assert.Equal(2, exit2);
        Assert.Contains("--profile = 'toaster'", err2, StringComparison.Ordinal);
        Assert.Contains("rpi4", err2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSONL_file_that_cannot_be_opened_stops_run_naming_the_key_and_the_path()
    {
        // A path under a file: no folder can be made there, whoever runs the test.
        var (exit, _, err) = await CliHarness.Run(["run"], environment: new() { ["EDGE_Output__Jsonl__Path"] = "/dev/null/events.jsonl" });
        Assert.Equal(2, exit);
        Assert.Contains("Output:Jsonl:Path = '/dev/null/events.jsonl'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        var (exit, _, err) = await CliHarness.Run(["run", "--config", "/nonexistent/edge.json"]);
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/edge.json", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_json_file_is_named()
    {
        using var dir = Repo.TempDir();
        var file = dir.File("broken.json");
        await File.WriteAllTextAsync(file, "{ \"Logging\": ");
        var (exit, _, err) = await CliHarness.Run(["run", "--config", file]);
        Assert.Equal(2, exit);
        Assert.Contains("broken.json", err, StringComparison.Ordinal);
    }
}
