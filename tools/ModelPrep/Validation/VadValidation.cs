using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>
/// Runs silero VAD over a stream in 512-sample chunks, the recurrent state carried from chunk to chunk as in real
/// streaming use: validation through the daemon's own <see cref="SileroVadEncoder"/> (so a candidate must keep its
/// contract), calibration inputs from the float model with the state it carries.
/// </summary>
internal static class VadValidation
{
    public static VadAgreement Run(IInference inference, string floatModel, string candidate, float[] audio) =>
        VadAgreement.Of(Probabilities(inference, floatModel, audio), Probabilities(inference, candidate, audio));

    /// <summary>The speech probability of every whole chunk of <paramref name="audio"/>, each model with its own state.</summary>
    public static float[] Probabilities(IInference inference, string model, float[] audio)
    {
        using var loaded = inference.Load(model, 1);
        using var vad = new SileroVadEncoder(loaded);
        return VadAgreement.Probabilities(vad, audio);
    }

    /// <summary>
    /// The model inputs of every whole chunk (input, the state the model carried into it, sr = 16000), so calibration
    /// sees the activations of streaming use, not those of a zero state.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<NamedTensor>> StreamingInputs(IInference inference, string model, float[] audio)
    {
        const int hop = SileroVadEncoder.HopSamples;
        var result = new List<IReadOnlyList<NamedTensor>>(audio.Length / hop);
        var state = new NamedTensor("state", [2, 1, 128], new float[2 * 128]);
        var sr = NamedTensor.Int64("sr", [], [SileroVadEncoder.SampleRate]);
        for (var at = 0; at + hop <= audio.Length; at += hop)
        {
            IReadOnlyList<NamedTensor> inputs = [new NamedTensor("input", [1, hop], audio[at..(at + hop)]), state, sr];
            result.Add(inputs);
            state = inference.Run(model, 1, inputs, ["stateN"]).Outputs[0] with { Name = "state" };
        }
        return result;
    }
}
