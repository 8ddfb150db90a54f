using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Inference.Tests;

/// <summary>Runs silero VAD v5 hop by hop (512 samples at 16 kHz), carrying the recurrent state between hops.</summary>
internal sealed class SileroVad : IDisposable
{
    public const int Hop = 512;
    private readonly OrtRunner _runner;
    private readonly int _input;
    private readonly int _state;
    private readonly int _output;
    private readonly int _stateOut;

    public SileroVad(OrtModel model)
    {
        _runner = model.CreateRunner();
        _input = _runner.InputIndex("input");
        _state = _runner.InputIndex("state");
        _output = _runner.OutputIndex("output");
        _stateOut = _runner.OutputIndex("stateN");
        _runner.SetInputShape(_input, [1, Hop]);
        _runner.SetInputShape(_state, [2, 1, 128]);
        _runner.Input<long>("sr")[0] = 16000;
        Reset();
    }

    public OrtRunner Runner => _runner;

    public void Reset() => _runner.Input<float>(_state).Clear();

    /// <summary>The speech probability of one hop; allocation-free.</summary>
    public float Process(ReadOnlySpan<float> hop)
    {
        hop.CopyTo(_runner.Input<float>(_input));
        _runner.Run();
        _runner.Output<float>(_stateOut).CopyTo(_runner.Input<float>(_state));
        return _runner.Output<float>(_output)[0];
    }

    /// <summary>Probabilities for every whole hop of <paramref name="samples"/>, from a fresh state.</summary>
    public float[] ProcessAll(ReadOnlySpan<float> samples)
    {
        Reset();
        var result = new float[samples.Length / Hop];
        for (var h = 0; h < result.Length; h++)
        {
            result[h] = Process(samples.Slice(h * Hop, Hop));
        }
        return result;
    }

    /// <summary>Speech framed by silence (with faint deterministic noise, as a real microphone has).</summary>
    public static (float[] Samples, int SpeechStart, int SpeechEnd) SpeechBetweenSilences(string text, double silenceSeconds = 1.5)
    {
        var speech = TestMedia.Speech16k(text);
        var pad = (int)(silenceSeconds * 16000);
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

    public void Dispose() => _runner.Dispose();
}
