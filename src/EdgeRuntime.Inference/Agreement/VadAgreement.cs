using EdgeRuntime.Inference.Encoders.Audio;

namespace EdgeRuntime.Inference.Agreement;

/// <summary>Frame-level speech/non-speech agreement of a candidate VAD with the float one: equal decisions / frames.</summary>
/// <param name="Agreement">Equal / Frames.</param>
/// <param name="Frames">Frames compared.</param>
/// <param name="Equal">Frames with the same decision.</param>
/// <param name="FloatSpeech">Speech frames of the float model.</param>
/// <param name="CandidateSpeech">Speech frames of the candidate.</param>
public sealed record VadAgreement(double Agreement, int Frames, int Equal, int FloatSpeech, int CandidateSpeech)
{
    /// <summary>A frame is speech when its probability is at least this.</summary>
    public const float Threshold = 0.5f;

    /// <summary>Compares two probability sequences frame by frame (1 when both are empty: nothing to disagree on).</summary>
    public static VadAgreement Of(IReadOnlyList<float> reference, IReadOnlyList<float> candidate)
    {
        if (reference.Count != candidate.Count) throw new ArgumentException($"{reference.Count} reference frames but {candidate.Count} candidate frames");
        int equal = 0, a = 0, b = 0;
        for (var i = 0; i < reference.Count; i++)
        {
            bool x = reference[i] >= Threshold, y = candidate[i] >= Threshold;
            if (x == y) equal++;
            if (x) a++;
            if (y) b++;
        }
        return new VadAgreement(reference.Count == 0 ? 1.0 : (double)equal / reference.Count, reference.Count, equal, a, b);
    }

    /// <summary>The speech probability of every whole 512-sample chunk of <paramref name="audio"/>, the state carried from chunk to chunk.</summary>
    public static float[] Probabilities(SileroVadEncoder vad, ReadOnlySpan<float> audio)
    {
        ArgumentNullException.ThrowIfNull(vad);
        var result = new float[audio.Length / SileroVadEncoder.HopSamples];
        for (var i = 0; i < result.Length; i++) result[i] = vad.Process(audio.Slice(i * SileroVadEncoder.HopSamples, SileroVadEncoder.HopSamples));
        return result;
    }
}
