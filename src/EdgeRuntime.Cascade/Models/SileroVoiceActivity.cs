using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Tier 1 voice activity: silero VAD v5 (.deps/models/silero-vad/silero_vad_v5.onnx) on 512-sample hops at 16 kHz,
/// carrying the recurrent state from hop to hop in the runner's own input buffer. Allocation-free per hop.
/// </summary>
public sealed class SileroVoiceActivity : IVoiceActivityDetector, IDisposable
{
    private readonly OrtRunner _runner;
    private readonly int _input, _state, _output, _stateOut;

    public SileroVoiceActivity(OrtModel model)
    {
        _runner = model.CreateRunner();
        _input = _runner.InputIndex("input");
        _state = _runner.InputIndex("state");
        _output = _runner.OutputIndex("output");
        _stateOut = _runner.OutputIndex("stateN");
        _runner.SetInputShape(_input, [1, HopSamples]);
        _runner.SetInputShape(_state, [2, 1, 128]);
        _runner.Input<long>("sr")[0] = 16000;
        Reset();
    }

    /// <inheritdoc />
    public string Name => "silero-vad";

    /// <inheritdoc />
    public int HopSamples => 512;

    /// <inheritdoc />
    public float Process(ReadOnlySpan<float> hop)
    {
        hop.CopyTo(_runner.Input<float>(_input));
        _runner.Run();
        _runner.Output<float>(_stateOut).CopyTo(_runner.Input<float>(_state));
        return _runner.Output<float>(_output)[0];
    }

    /// <inheritdoc />
    public void Reset() => _runner.Input<float>(_state).Clear();

    public void Dispose() => _runner.Dispose();
}
