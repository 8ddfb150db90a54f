using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>
/// A fault injector at the cascade's boundary: the real object detector, except that the calls <paramref name="fails"/>
/// picks (1-based) throw as a failing ONNX Runtime session would, before the model runs.
/// </summary>
internal sealed class FailingObjectDetector(IObjectDetector inner, Func<int, bool> fails) : IObjectDetector
{
    private int _calls;

    public string Name => inner.Name;

    public IReadOnlyList<string> Labels => inner.Labels;

    public int Detect(ImageView image, Span<Detection> objects)
    {
        if (fails(Interlocked.Increment(ref _calls)))
        {
            throw new InvalidOperationException($"injected fault in {inner.Name} (call {_calls})");
        }
        return inner.Detect(image, objects);
    }
}
