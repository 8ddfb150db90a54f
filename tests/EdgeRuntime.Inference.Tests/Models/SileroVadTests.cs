using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Models;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace EdgeRuntime.Inference.Tests.Models;

public sealed class SileroVadTests(OrtFixture fixture, ITestOutputHelper output) : IClassFixture<OrtFixture>
{
    [Fact]
    public void The_silero_model_declares_its_inputs_and_outputs_with_symbolic_axes()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        var c = model.Contract;
        Assert.Equal(["input", "state", "sr"], c.Inputs.Select(i => i.Name));
        Assert.Equal(["output", "stateN"], c.Outputs.Select(o => o.Name));
        Assert.Equal(TensorElementType.Float, c.Inputs[0].ElementType);
        Assert.Equal(TensorElementType.Int64, c.Inputs[2].ElementType);
        Assert.Equal(0, c.Inputs[2].Rank);
        Assert.Equal([2L, -1, 128], c.Inputs[1].Dimensions);
        Assert.Contains("CPU", model.Providers);
    }

    [Fact]
    public void Hop_by_hop_on_real_speech_is_confident_on_speech_and_quiet_on_silence()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var vad = new SileroVadEncoder(model);
        var (samples, start, end) = VadAudio.SpeechBetweenSilences("The quick brown fox jumps over the lazy dog. Turn on the kitchen light please.");
        var probabilities = vad.ProcessAll(samples);

        var speechHops = new List<float>();
        var silenceHops = new List<float>();
        for (var h = 0; h < probabilities.Length; h++)
        {
            var from = h * SileroVadEncoder.HopSamples;
            var hop = samples.AsSpan(from, SileroVadEncoder.HopSamples);
            if (from >= start && from + SileroVadEncoder.HopSamples <= end && Rms(hop) > 0.03)
            {
                speechHops.Add(probabilities[h]);
            }
            else if (from + SileroVadEncoder.HopSamples <= start || from >= end + 8000)
            {
                // Leading silence, and trailing silence after the model's half-second hangover.
                silenceHops.Add(probabilities[h]);
            }
        }
        Assert.True(speechHops.Count > 40, $"only {speechHops.Count} loud speech hops were generated");
        Assert.True(silenceHops.Count > 40, $"only {silenceHops.Count} silence hops");
        var speechHit = speechHops.Count(p => p > 0.5f) / (double)speechHops.Count;
        var silenceHit = silenceHops.Count(p => p < 0.2f) / (double)silenceHops.Count;
        output.WriteLine($"speech hops above 0.5: {speechHit:P0} of {speechHops.Count}; silence hops below 0.2: {silenceHit:P0} of {silenceHops.Count}");
        Assert.True(speechHit >= 0.8, $"speech hops above 0.5: {speechHit:P0} of {speechHops.Count}; probabilities {string.Join(" ", speechHops.Select(p => p.ToString("F2")))}");
        Assert.True(silenceHit >= 0.9, $"silence hops below 0.2: {silenceHit:P0} of {silenceHops.Count}; probabilities {string.Join(" ", silenceHops.Select(p => p.ToString("F2")))}");
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
        {
            sum += v * v;
        }
        return Math.Sqrt(sum / x.Length);
    }
}
