using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>The real face detector, counting its runs, so a test can see when tier 1 looked.</summary>
internal sealed class CountingFaceDetector(IFaceDetector inner) : IFaceDetector
{
    public string Name => inner.Name;

    public int Calls { get; private set; }

    public int Detect(ImageView image, Span<Detection> faces)
    {
        Calls++;
        return inner.Detect(image, faces);
    }
}

/// <summary>The real VAD, counting its runs, so a test can see when tier 1 listened.</summary>
internal sealed class CountingVoiceActivity(IVoiceActivityDetector inner) : IVoiceActivityDetector
{
    public string Name => inner.Name;

    public int HopSamples => inner.HopSamples;

    public int Calls { get; private set; }

    public float Process(ReadOnlySpan<float> hop)
    {
        Calls++;
        return inner.Process(hop);
    }

    public void Reset() => inner.Reset();
}
