using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeRuntime.Inference.Models;

/// <summary>
/// Runs one <see cref="OrtModel"/> over pooled, never-moving native buffers: write inputs into <see cref="Input{T}(int)"/>,
/// call <see cref="Run"/>, read <see cref="Output{T}(int)"/>. A steady-state run allocates no managed memory.
/// <code>
/// using var runner = model.CreateRunner();
/// runner.SetInputShape(0, [1, 3, 640, 640]);      // only when a dynamic axis changes
/// preprocess(frame, runner.Input&lt;float&gt;(0));
/// runner.Run();
/// decode(runner.Output&lt;float&gt;(0), runner.OutputShape(0));
/// </code>
/// </summary>
/// <remarks>
/// Every input and output is an <see cref="OrtValue"/> over a pooled buffer, held by an <see cref="OrtIoBinding"/> that
/// is re-bound only when a value changes; each run is <see cref="InferenceSession.RunWithBinding"/>, so ONNX Runtime
/// does not match names to graph inputs on every call and nothing managed is allocated.
/// Outputs whose shape is fixed, or follows from input axes of the same symbolic name, are preallocated and written in
/// place by ONNX Runtime. An output whose shape cannot be derived is allocated by ONNX Runtime on the first run after an
/// input shape change; its shape is learned, a pooled buffer of that shape is bound from then on, and the data of that
/// first run is copied into it. If a later run shows that the output's shape depends on the data, the output is from
/// then on allocated by ONNX Runtime every run and copied into the pooled buffer (those runs allocate the few hundred
/// bytes of the managed API's output collection).
/// Spans returned by <see cref="Input{T}(int)"/> and <see cref="Output{T}(int)"/> stay valid until the next shape change.
/// </remarks>
// Design: single-threaded; a runner is owned by one thread at a time (the cascade's worker for its tier). Concurrency
// with other runners happens inside ONNX Runtime, which synchronises its session state. Only Terminate() may be
// called from another thread: it sets _terminateRequested (Volatile.Write) and then the flag in the native run options,
// which ONNX Runtime reads during the run; the running thread clears both after the run it stopped (or the next one).
public sealed partial class OrtRunner : IDisposable
{
    private readonly OrtModel _model;
    private readonly PooledTensor[] _inputs;
    private readonly PooledTensor[] _outputs;
    private readonly OutputMode[] _outputModes;
    private readonly long[] _scratchShape;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private bool _outputsStale = true;
    private bool _bindingStale = true;
    private bool _disposed;
    private int _terminateRequested;

    internal OrtRunner(OrtModel model)
    {
        _model = model;
        model.AddSharedRef();
        var contract = model.Contract;
        _scratchShape = new long[contract.Inputs.Concat(contract.Outputs).Select(s => s.Rank).DefaultIfEmpty(0).Max()];
        _inputs = new PooledTensor[contract.Inputs.Count];
        _outputs = new PooledTensor[contract.Outputs.Count];
        _outputModes = new OutputMode[contract.Outputs.Count];
        _runOptions = new RunOptions();
        _binding = model.Session.CreateIoBinding();
        for (var i = 0; i < _inputs.Length; i++)
        {
            var spec = contract.Inputs[i];
            RequireBindable(spec, "input");
            _inputs[i] = new PooledTensor(spec);
            // Dynamic axes start at 1 (a batch of one); callers set real sizes with SetInputShape.
            var shape = _scratchShape.AsSpan(0, spec.Rank);
            for (var d = 0; d < spec.Rank; d++)
            {
                shape[d] = spec.Dimensions[d] >= 0 ? spec.Dimensions[d] : 1;
            }
            _inputs[i].Reshape(shape, bindValue: true);
        }
        for (var i = 0; i < _outputs.Length; i++)
        {
            RequireBindable(contract.Outputs[i], "output");
            _outputs[i] = new PooledTensor(contract.Outputs[i]);
        }
    }

    /// <summary>
    /// How many times an input or output was re-bound (its value re-created) since the runner was made: a count that
    /// grows only when a dynamic dimension changes, for statistics and tests.
    /// </summary>
    public int Rebinds { get; private set; }

    /// <summary>The model this runner runs.</summary>
    public OrtModel Model => _model;

    /// <summary>The index of an input by name; throws naming the known inputs.</summary>
    public int InputIndex(string name)
    {
        var i = _model.Contract.InputIndex(name);
        return i >= 0 ? i : throw new OrtModelException(OrtErrorCode.InvalidArgument, _model.Name, name,
            "an input named one of " + string.Join(", ", _model.Contract.Inputs.Select(s => s.Name)), $"'{name}'");
    }

    /// <summary>The index of an output by name; throws naming the known outputs.</summary>
    public int OutputIndex(string name)
    {
        var i = _model.Contract.OutputIndex(name);
        return i >= 0 ? i : throw new OrtModelException(OrtErrorCode.InvalidArgument, _model.Name, name,
            "an output named one of " + string.Join(", ", _model.Contract.Outputs.Select(s => s.Name)), $"'{name}'");
    }

    /// <summary>
    /// Sets an input's shape. Free of work when unchanged; otherwise grows the buffer if needed and re-binds the input,
    /// and outputs are re-derived on the next run. Throws naming the model, input, expected and given shape when the rank
    /// differs, a fixed axis differs, or an axis is not positive.
    /// </summary>
    public void SetInputShape(int index, ReadOnlySpan<long> shape)
    {
        var tensor = _inputs[index];
        if (shape.SequenceEqual(tensor.Shape))
        {
            return;
        }
        var spec = tensor.Spec;
        var valid = shape.Length == spec.Rank;
        for (var d = 0; valid && d < shape.Length; d++)
        {
            valid = shape[d] > 0 && (spec.Dimensions[d] < 0 || spec.Dimensions[d] == shape[d]);
        }
        if (!valid)
        {
            throw new OrtModelException(OrtErrorCode.InvalidArgument, _model.Name, spec.Name,
                $"shape {spec.DescribeShape()} (rank {spec.Rank}, positive sizes)", $"[{string.Join(",", shape.ToArray())}]");
        }
        tensor.Reshape(shape, bindValue: true);
        _outputsStale = true;
        _bindingStale = true;
        Rebinds++;
    }

    /// <summary>Sets an input's shape by name (see <see cref="SetInputShape(int, ReadOnlySpan{long})"/>).</summary>
    public void SetInputShape(string name, ReadOnlySpan<long> shape) => SetInputShape(InputIndex(name), shape);

    /// <summary>An input's current shape.</summary>
    public ReadOnlySpan<long> InputShape(int index) => _inputs[index].Shape;

    /// <summary>An input's buffer to write into; throws naming expected and given element types on a mismatch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Input<T>(int index) where T : unmanaged
    {
        var tensor = _inputs[index];
        if (ElementTypeOf<T>.Value != tensor.Spec.ElementType)
        {
            ThrowElementType(tensor.Spec, typeof(T), ElementTypeOf<T>.Value);
        }
        return tensor.AsSpan<T>();
    }

    /// <summary>An input's buffer by name.</summary>
    public Span<T> Input<T>(string name) where T : unmanaged => Input<T>(InputIndex(name));

    /// <summary>Copies <paramref name="data"/> into an input after setting its shape; the element count must match the shape.</summary>
    public void SetInput<T>(int index, ReadOnlySpan<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        SetInputShape(index, shape);
        var target = Input<T>(index);
        if (data.Length != target.Length)
        {
            throw new OrtModelException(OrtErrorCode.InvalidArgument, _model.Name, _inputs[index].Spec.Name,
                $"{target.Length} elements for shape [{string.Join(",", shape.ToArray())}]", $"{data.Length} elements");
        }
        data.CopyTo(target);
    }

    /// <summary>An output's data from the last run; throws naming expected and given element types on a mismatch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Output<T>(int index) where T : unmanaged
    {
        var tensor = _outputs[index];
        if (ElementTypeOf<T>.Value != tensor.Spec.ElementType)
        {
            ThrowElementType(tensor.Spec, typeof(T), ElementTypeOf<T>.Value);
        }
        if (!tensor.HasShape)
        {
            ThrowNotRun(tensor.Spec);
        }
        return tensor.AsSpan<T>();
    }

    /// <summary>An output's data by name.</summary>
    public ReadOnlySpan<T> Output<T>(string name) where T : unmanaged => Output<T>(OutputIndex(name));

    /// <summary>An output's shape from the last run.</summary>
    public ReadOnlySpan<long> OutputShape(int index) => _outputs[index].Shape;

    /// <summary>Asks a run in progress on another thread to stop; it then fails with an <see cref="OrtModelException"/>.</summary>
    /// <remarks>A terminate that arrives between runs stops the next run instead; the run after that proceeds normally.</remarks>
    public void Terminate()
    {
        Volatile.Write(ref _terminateRequested, 1);
        _runOptions.Terminate = true;
    }

    /// <summary>Runs the model on the current inputs. Errors from ONNX Runtime are raised naming the model.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outputsStale)
        {
            PrepareOutputs();
        }
        if (_bindingStale)
        {
            BindAll();
        }
        try
        {
            _model.Session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException e)
        {
            if (Volatile.Read(ref _terminateRequested) != 0)
            {
                Terminated(e);
            }
            RunFailed(e);
            return;
        }
        if (AnyOutputAllocatedByOrt())
        {
            CollectOrtAllocatedOutputs();
        }
    }

    /// <summary>
    /// Binds every input value, every pooled output value, and lets ONNX Runtime allocate the outputs whose shape is not
    /// known yet; runs only after a value or an output's mode changed.
    /// </summary>
    private void BindAll()
    {
        _binding.ClearBoundInputs();
        _binding.ClearBoundOutputs();
        for (var i = 0; i < _inputs.Length; i++)
        {
            _binding.BindInput(_inputs[i].Spec.Name, _inputs[i].Value!);
        }
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (_outputModes[i] is OutputMode.Derived or OutputMode.Learned)
            {
                _binding.BindOutput(_outputs[i].Spec.Name, _outputs[i].Value!);
            }
            else
            {
                _binding.BindOutputToDevice(_outputs[i].Spec.Name, OrtMemoryInfo.DefaultInstance);
            }
        }
        _bindingStale = false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Terminated(OnnxRuntimeException e)
    {
        // Clear the request so the next run proceeds, and report the stop.
        _runOptions.Terminate = false;
        Volatile.Write(ref _terminateRequested, 0);
        throw new OrtModelException(OrtErrorCodes.Of(e), _model.Name, null, "a run to completion", "a run stopped by Terminate()", e);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunFailed(OnnxRuntimeException e)
    {
        var learned = false;
        for (var i = 0; i < _outputs.Length; i++)
        {
            learned |= _outputModes[i] == OutputMode.Learned;
        }
        if (!learned)
        {
            throw new OrtModelException(OrtErrorCodes.Of(e), _model.Name, null, "a successful run on inputs " + DescribeInputs(), e.Message, e);
        }
        // A learned output shape no longer fits: those outputs vary with the data. Retry with ONNX Runtime allocating them.
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (_outputModes[i] == OutputMode.Learned)
            {
                _outputModes[i] = OutputMode.DataDependent;
            }
        }
        _bindingStale = true;
        _model.Logger.LogOutputShapesVary(_model.Name);
        Run();
    }

    private string DescribeInputs() =>
        string.Join(", ", _inputs.Select(t => $"{t.Spec.Name} {TensorElementTypes.Name(t.Spec.ElementType)}[{string.Join(",", t.Shape.ToArray())}]"));

    private void ThrowElementType(TensorSpec spec, Type given, TensorElementType givenType) =>
        throw new OrtModelException(OrtErrorCode.InvalidArgument, _model.Name, spec.Name,
            $"element type {TensorElementTypes.Name(spec.ElementType)}", $"{given.Name} ({TensorElementTypes.Name(givenType)})");

    private void ThrowNotRun(TensorSpec spec) =>
        throw new OrtModelException(OrtErrorCode.Fail, _model.Name, spec.Name, "an output from a completed run", "a runner that has not run yet");

    private static void RequireBindable(TensorSpec spec, string side)
    {
        if (spec.ValueType != OnnxValueType.ONNX_TYPE_TENSOR || TensorElementTypes.SizeOf(spec.ElementType) == 0)
        {
            throw new NotSupportedException($"{side} '{spec.Name}' is {spec.ValueType} of {spec.ElementType}: only numeric tensors can be pooled.");
        }
    }

    /// <summary>Frees the buffers and values, and releases this runner's reference on the session.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _binding.Dispose();
        foreach (var t in _inputs)
        {
            t?.Dispose();
        }
        foreach (var t in _outputs)
        {
            t?.Dispose();
        }
        _runOptions.Dispose();
        _model.ReleaseShared();
    }
}
