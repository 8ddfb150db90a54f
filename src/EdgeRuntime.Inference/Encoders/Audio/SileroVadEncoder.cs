using EdgeRuntime.Inference.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Encoders.Audio;

/// <summary>
/// Voice activity with silero VAD v5: one call per hop of <see cref="HopSamples"/> samples at 16 kHz, the recurrent
/// state carried from hop to hop, a speech probability out.
/// <code>
/// using var vad = new SileroVadEncoder(runtime.Load(".deps/models/silero-vad/silero_vad_v5.onnx"));
/// float p = vad.Process(hop);   // hop: 512 samples in [-1, 1]
/// </code>
/// Contract: inputs <c>input float32[batch,samples]</c>, <c>state float32[2,batch,128]</c>, <c>sr int64</c>; outputs
/// <c>output float32[batch,1]</c>, <c>stateN float32[2,batch,128]</c>.
/// </summary>
// Design: single-threaded, like the runner it owns: one encoder per audio worker. Lifecycle: construct, Process hops in
// time order, Reset when the stream restarts (a gap, a new source), Dispose.
public sealed class SileroVadEncoder : IDisposable
{
    /// <summary>Samples per hop at <see cref="SampleRate"/>.</summary>
    public const int HopSamples = 512;

    /// <summary>The sample rate the model is run at.</summary>
    public const int SampleRate = 16000;

    private readonly OrtRunner _runner;
    private readonly int _input;
    private readonly int _state;
    private readonly int _output;
    private readonly int _stateOut;

    /// <summary>Creates the encoder over a loaded silero VAD v5 model; throws naming the model when its contract differs.</summary>
    public SileroVadEncoder(OrtModel model)
    {
        Require(model, "input", TensorElementType.Float, 2);
        Require(model, "state", TensorElementType.Float, 3);
        Require(model, "sr", TensorElementType.Int64, 0);
        _runner = model.CreateRunner();
        _input = _runner.InputIndex("input");
        _state = _runner.InputIndex("state");
        _output = _runner.OutputIndex("output");
        _stateOut = _runner.OutputIndex("stateN");
        _runner.SetInputShape(_input, [1, HopSamples]);
        _runner.SetInputShape(_state, [2, 1, 128]);
        _runner.Input<long>("sr")[0] = SampleRate;
        Reset();
    }

    /// <summary>The runner underneath (statistics: <see cref="OrtRunner.Rebinds"/>).</summary>
    public OrtRunner Runner => _runner;

    /// <summary>Forgets the recurrent state, as at the start of a stream.</summary>
    public void Reset() => _runner.Input<float>(_state).Clear();

    /// <summary>The speech probability of one hop of exactly <see cref="HopSamples"/> samples. Allocation-free.</summary>
    public float Process(ReadOnlySpan<float> hop)
    {
        if (hop.Length != HopSamples)
        {
            throw new OrtModelException(OrtErrorCode.InvalidArgument, _runner.Model.Name, "input", $"{HopSamples} samples", $"{hop.Length}");
        }
        hop.CopyTo(_runner.Input<float>(_input));
        _runner.Run();
        _runner.Output<float>(_stateOut).CopyTo(_runner.Input<float>(_state));
        return _runner.Output<float>(_output)[0];
    }

    private static void Require(OrtModel model, string name, TensorElementType type, int rank)
    {
        var i = model.Contract.InputIndex(name);
        if (i < 0 || model.Contract.Inputs[i].ElementType != type || model.Contract.Inputs[i].Rank != rank)
        {
            throw new OrtModelException(OrtErrorCode.InvalidGraph, model.Name, name,
                $"a silero VAD v5 input '{name}' of {TensorElementTypes.Name(type)} with rank {rank}",
                i < 0 ? "no such input" : model.Contract.Inputs[i].Describe());
        }
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();
}
