using EdgeRuntime.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Tests.Runtime;

/// <summary>The environment is process-wide and its log sink follows the newest runtime: these tests run alone.</summary>
[CollectionDefinition(nameof(OrtLoggingCollection), DisableParallelization = true)]
public sealed class OrtLoggingCollection;

[Collection(nameof(OrtLoggingCollection))]
public sealed class OrtLoggingTests
{
    [Fact]
    public void Onnx_runtime_messages_reach_the_logger_at_mapped_levels_tagged_with_the_model()
    {
        var logs = new RecordingLoggerFactory { Minimum = LogLevel.Trace };
        var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 }, logs);
        using var model = runtime.Load(TestModels.SileroVad, new ModelLoadOptions { Name = "vad-logged" });

        // Session set-up chatter comes from ONNX Runtime itself (VERBOSE/INFO → Trace/Debug), tagged with the model's log id.
        var native = logs.Entries.Where(e => e.Category == "EdgeRuntime.Inference.OnnxRuntime" && e.Message.StartsWith("[vad-logged]", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(native);
        Assert.All(native, e => Assert.True(e.Level is LogLevel.Trace or LogLevel.Debug or LogLevel.Warning, $"{e.Level}: {e.Message}"));
    }

    [Fact]
    public void A_quiet_logger_asks_onnx_runtime_for_warnings_only()
    {
        var logs = new RecordingLoggerFactory { Minimum = LogLevel.Information };
        var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 }, logs);
        using var model = runtime.Load(TestModels.SileroVad, new ModelLoadOptions { Name = "vad-quiet" });
        Assert.DoesNotContain(logs.Entries, e => e.Message.StartsWith("[vad-quiet]", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("Model vad-quiet loaded", StringComparison.Ordinal));
    }
}
