using EdgeRuntime.Inference.Encoders.Audio;

namespace EdgeRuntime.Inference.Tests;

/// <summary>Real speech for VAD tests, and running the encoder over a whole signal.</summary>
internal static class VadAudio
{
    /// <summary>espeak-ng speech framed by silence (with faint deterministic noise, as a real microphone has).</summary>
    public static (float[] Samples, int SpeechStart, int SpeechEnd) SpeechBetweenSilences(string text, double silenceSeconds = 1.5)
    {
        var speech = TestMedia.Speech16k(text);
        var pad = (int)(silenceSeconds * SileroVadEncoder.SampleRate);
        var samples = new float[pad + speech.Length + pad];
        var seed = 12345u;
        for (var i = 0; i < samples.Length; i++)
        {
            seed = seed * 1664525 + 1013904223;
            samples[i] = ((seed >> 8) / (float)(1 << 24) - 0.5f) * 0.002f;
        }
        for (var i = 0; i < speech.Length; i++)
        {
            samples[pad + i] += speech[i];
        }
        return (samples, pad, pad + speech.Length);
    }

    /// <summary>Probabilities for every whole hop of <paramref name="samples"/>, from a fresh state.</summary>
    public static float[] ProcessAll(this SileroVadEncoder vad, ReadOnlySpan<float> samples)
    {
        vad.Reset();
        var result = new float[samples.Length / SileroVadEncoder.HopSamples];
        for (var h = 0; h < result.Length; h++)
        {
            result[h] = vad.Process(samples.Slice(h * SileroVadEncoder.HopSamples, SileroVadEncoder.HopSamples));
        }
        return result;
    }
}
