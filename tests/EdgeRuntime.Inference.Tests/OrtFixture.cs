using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Inference.Tests;

/// <summary>One runtime for a test class, over the real libonnxruntime fetched by the bootstrap.</summary>
public sealed class OrtFixture : IDisposable
{
    internal RecordingLoggerFactory Logs { get; } = new();

    public OrtRuntime Runtime { get; }

    public OrtFixture() => Runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 }, Logs);

    public void Dispose() => Runtime.Dispose();
}
