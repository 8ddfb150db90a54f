using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Tier 1 voice activity: the cascade's view of <see cref="SileroVadEncoder"/> (silero VAD v5 on 512-sample hops at
/// 16 kHz, recurrent state carried from hop to hop, allocation-free per hop).
/// </summary>
public sealed class SileroVoiceActivity : IVoiceActivityDetector, IDisposable
{
    private readonly SileroVadEncoder _encoder;

    /// <summary>Wraps the model and runs it once on silence, so the first real hop neither binds buffers nor pays ORT's first-run cost.</summary>
    public SileroVoiceActivity(OrtModel model)
    {
        _encoder = new SileroVadEncoder(model);
        _encoder.Process(new float[SileroVadEncoder.HopSamples]);
        _encoder.Reset();
    }

    /// <inheritdoc />
    public string Name => "silero-vad";

    /// <inheritdoc />
    public int HopSamples => SileroVadEncoder.HopSamples;

    /// <inheritdoc />
    public float Process(ReadOnlySpan<float> hop) => _encoder.Process(hop);

    /// <inheritdoc />
    public void Reset() => _encoder.Reset();

    public void Dispose() => _encoder.Dispose();
}
