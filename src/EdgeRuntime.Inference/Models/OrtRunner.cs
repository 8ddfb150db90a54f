using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeRuntime.Interop.Ort;

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
/// Outputs whose shape is fixed, or follows from input axes of the same symbolic name, are preallocated and written in
/// place by ONNX Runtime. An output whose shape cannot be derived is allocated by ONNX Runtime on the first run after an
/// input shape change; its shape is learned, a pooled buffer of that shape is bound from then on, and the data of that
/// first run is copied into it. If a later run shows that the output's shape depends on the data, the output is from
/// then on allocated by ONNX Runtime every run and copied into the pooled buffer (still no managed allocation).
/// Spans returned by <see cref="Input{T}(int)"/> and <see cref="Output{T}(int)"/> stay valid until the next shape change.
/// </remarks>
// Design: single-threaded; a runner is owned by one thread at a time (the cascade's worker for its tier). Concurrency
// with other runners happens inside ONNX Runtime, which synchronises its session state. Only Terminate() may be
// called from another thread: it sets _terminateRequested (Volatile.Write) and then the flag in the native run options,
// which ONNX Runtime reads during the run; the running thread clears both after the run it stopped (or the next one).
public sealed unsafe class OrtRunner : IDisposable
{
    private readonly OrtModel _model;
    private readonly PooledTensor[] _inputs;
    private readonly PooledTensor[] _outputs;
    private readonly OutputMode[] _outputModes;
    private readonly nint* _inputValues;
    private readonly nint* _outputValues;
    private readonly long[] _scratchShape;
    private readonly OrtRunOptionsHandle _runOptions;
    private readonly OrtIoBindingHandle? _binding;
    private bool _outputsStale = true;
    private bool _bindingStale = true;
    private bool _disposed;
    private int _terminateRequested;

    private enum OutputMode
    {
        /// <summary>Shape derived from the contract and the input shapes; preallocated.</summary>
        Derived,
        /// <summary>Shape learned from a run with the current input shapes; preallocated until the inputs change.</summary>
        Learned,
        /// <summary>Shape not known before the run: ONNX Runtime allocates, the data is copied into the pooled buffer.</summary>
        AllocatedByOrt,
        /// <summary>Shape varies with the data: always allocated by ONNX Runtime and copied.</summary>
        DataDependent,
    }

    internal OrtRunner(OrtModel model, RunnerBinding binding)
    {
        _model = model;
        Binding = binding;
        var ok = false;
        model.Session.DangerousAddRef(ref ok);
        model.AddSharedRef();
        var contract = model.Contract;
        _scratchShape = new long[contract.Inputs.Concat(contract.Outputs).Select(s => s.Rank).DefaultIfEmpty(0).Max()];
        _inputs = new PooledTensor[contract.Inputs.Count];
        _outputs = new PooledTensor[contract.Outputs.Count];
        _outputModes = new OutputMode[contract.Outputs.Count];
        _inputValues = (nint*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _inputs.Length), (nuint)sizeof(nint));
        _outputValues = (nint*)NativeMemory.AllocZeroed((nuint)Math.Max(1, _outputs.Length), (nuint)sizeof(nint));
        _runOptions = OrtRunOptionsHandle.Create();
        _binding = binding == RunnerBinding.IoBinding ? OrtIoBindingHandle.Create(model.Session) : null;
        for (var i = 0; i < _inputs.Length; i++)
        {
            var spec = contract.Inputs[i];
            RequireBindable(spec, "input");
            _inputs[i] = new PooledTensor(spec, model.MemoryInfo);
            // Dynamic axes start at 1 (a batch of one); callers set real sizes with SetInputShape.
            var shape = _scratchShape.AsSpan(0, spec.Rank);
            for (var d = 0; d < spec.Rank; d++)
            {
                shape[d] = spec.Dimensions[d] >= 0 ? spec.Dimensions[d] : 1;
            }
            _inputs[i].Reshape(shape, bindValue: true);
            _inputValues[i] = _inputs[i].ValuePointer;
        }
        for (var i = 0; i < _outputs.Length; i++)
        {
            RequireBindable(contract.Outputs[i], "output");
            _outputs[i] = new PooledTensor(contract.Outputs[i], model.MemoryInfo);
        }
    }

    /// <summary>
    /// How many times an input or output was re-bound (its value re-created) since the runner was made: a count that
    /// grows only when a dynamic dimension changes, for statistics and tests.
    /// </summary>
    public int Rebinds { get; private set; }

    /// <summary>How inputs and outputs are handed to ONNX Runtime.</summary>
    public RunnerBinding Binding { get; }

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
        _inputValues[index] = tensor.ValuePointer;
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

    /// <summary>Asks a run in progress on another thread to stop; it then fails with an <see cref="OrtException"/>.</summary>
    /// <remarks>A terminate that arrives between runs stops the next run instead; the run after that proceeds normally.</remarks>
    public void Terminate()
    {
        Volatile.Write(ref _terminateRequested, 1);
        OrtStatus.Check(OrtApi.Instance.RunOptionsSetTerminate(_runOptions.Pointer), _model.Name);
    }

    /// <summary>Runs the model on the current inputs. Errors from ONNX Runtime are raised naming the model.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outputsStale)
        {
            PrepareOutputs();
        }
        var api = OrtApi.Instance;
        nint status;
        if (_binding is not null && AllOutputsPooled())
        {
            if (_bindingStale)
            {
                BindAll();
            }
            status = api.RunWithBinding(_model.Session.Pointer, _runOptions.Pointer, _binding.Pointer);
        }
        else
        {
            status = api.Run(_model.Session.Pointer, _runOptions.Pointer, (nint*)_model.InputNames, _inputValues, (nuint)_inputs.Length,
                (nint*)_model.OutputNames, (nuint)_outputs.Length, _outputValues);
        }
        if (status != 0)
        {
            if (Volatile.Read(ref _terminateRequested) != 0)
            {
                Terminated(status);
            }
            else
            {
                RunFailed(status);
            }
            return;
        }
        CollectOrtAllocatedOutputs();
    }

    /// <summary>True when every output has a pooled value (none is left for ONNX Runtime to allocate this run).</summary>
    private bool AllOutputsPooled()
    {
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (_outputValues[i] == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Binds every input and output value to the IO binding; runs only after a value changed.</summary>
    private void BindAll()
    {
        var api = OrtApi.Instance;
        api.ClearBoundInputs(_binding!.Pointer);
        api.ClearBoundOutputs(_binding.Pointer);
        for (var i = 0; i < _inputs.Length; i++)
        {
            OrtStatus.Check(api.BindInput(_binding.Pointer, _model.InputNames[i], _inputValues[i]), _model.Name);
        }
        for (var i = 0; i < _outputs.Length; i++)
        {
            OrtStatus.Check(api.BindOutput(_binding.Pointer, _model.OutputNames[i], _outputValues[i]), _model.Name);
        }
        _bindingStale = false;
    }

    private void PrepareOutputs()
    {
        _bindingStale = true;
        for (var i = 0; i < _outputs.Length; i++)
        {
            var tensor = _outputs[i];
            if (_outputModes[i] != OutputMode.DataDependent && TryDeriveShape(tensor.Spec, _scratchShape.AsSpan(0, tensor.Spec.Rank)))
            {
                Rebinds += tensor.Reshape(_scratchShape.AsSpan(0, tensor.Spec.Rank), bindValue: true) ? 1 : 0;
                _outputModes[i] = OutputMode.Derived;
                _outputValues[i] = tensor.ValuePointer;
            }
            else
            {
                if (_outputModes[i] != OutputMode.DataDependent)
                {
                    _outputModes[i] = OutputMode.AllocatedByOrt;
                }
                _outputValues[i] = 0;
            }
        }
        _outputsStale = false;
    }

    private bool TryDeriveShape(TensorSpec spec, Span<long> shape)
    {
        for (var d = 0; d < spec.Rank; d++)
        {
            if (spec.Dimensions[d] >= 0)
            {
                shape[d] = spec.Dimensions[d];
                continue;
            }
            if (spec.SymbolicDimensions[d] is not { Length: > 0 } symbol || !TryInputAxis(symbol, out shape[d]))
            {
                return false;
            }
        }
        return true;
    }

    private bool TryInputAxis(string symbol, out long size)
    {
        foreach (var input in _inputs)
        {
            var symbols = input.Spec.SymbolicDimensions;
            for (var d = 0; d < symbols.Count; d++)
            {
                if (symbols[d] == symbol)
                {
                    size = input.Shape[d];
                    return true;
                }
            }
        }
        size = 0;
        return false;
    }

    private void CollectOrtAllocatedOutputs()
    {
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (_outputModes[i] is OutputMode.AllocatedByOrt or OutputMode.DataDependent)
            {
                TakeOutput(i);
            }
        }
    }

    /// <summary>Copies an output ONNX Runtime allocated into the pooled buffer, then binds the buffer if the shape is stable.</summary>
    private void TakeOutput(int i)
    {
        var api = OrtApi.Instance;
        var value = _outputValues[i];
        try
        {
            var tensor = _outputs[i];
            var rank = tensor.Spec.Rank;
            var shape = _scratchShape.AsSpan(0, rank);
            ReadShape(value, shape);
            var learned = _outputModes[i] == OutputMode.AllocatedByOrt;
            Rebinds += tensor.Reshape(shape, bindValue: learned) && learned ? 1 : 0;
            void* data;
            OrtStatus.Check(api.GetTensorMutableData(value, &data), _model.Name);
            Buffer.MemoryCopy(data, tensor.Buffer, tensor.ElementCount * tensor.ElementSize, tensor.ElementCount * tensor.ElementSize);
            if (learned)
            {
                _bindingStale = true;
                _outputModes[i] = OutputMode.Learned;
                _outputValues[i] = tensor.ValuePointer;
            }
        }
        finally
        {
            if (_outputModes[i] != OutputMode.Learned)
            {
                _outputValues[i] = 0;
            }
            api.ReleaseValue(value);
        }
    }

    private void ReadShape(nint value, Span<long> shape)
    {
        var api = OrtApi.Instance;
        nint info;
        OrtStatus.Check(api.GetTensorTypeAndShape(value, &info), _model.Name);
        try
        {
            nuint rank;
            OrtStatus.Check(api.GetDimensionsCount(info, &rank), _model.Name);
            if ((int)rank != shape.Length)
            {
                throw new OrtModelException(OrtErrorCode.Fail, _model.Name, null, $"an output of rank {shape.Length}", $"rank {rank}");
            }
            fixed (long* s = shape)
            {
                OrtStatus.Check(api.GetDimensions(info, s, rank), _model.Name);
            }
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Terminated(nint status)
    {
        // Clear the request so the next run proceeds, release what ONNX Runtime allocated, and report the stop.
        OrtStatus.Check(OrtApi.Instance.RunOptionsUnsetTerminate(_runOptions.Pointer), _model.Name);
        Volatile.Write(ref _terminateRequested, 0);
        ReleaseOrtAllocatedOutputs();
        try
        {
            OrtStatus.Check(status, $"model '{_model.Name}'");
        }
        catch (OrtException e)
        {
            throw new OrtModelException(e.Code, _model.Name, null, "a run to completion", "a run stopped by Terminate()", e);
        }
    }

    private void ReleaseOrtAllocatedOutputs()
    {
        for (var i = 0; i < _outputs.Length; i++)
        {
            if (_outputModes[i] is OutputMode.AllocatedByOrt or OutputMode.DataDependent && _outputValues[i] != 0)
            {
                OrtApi.Instance.ReleaseValue(_outputValues[i]);
                _outputValues[i] = 0;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunFailed(nint status)
    {
        // Outputs ONNX Runtime may have allocated before failing are released; the next run starts clean.
        ReleaseOrtAllocatedOutputs();
        var learned = false;
        for (var i = 0; i < _outputs.Length; i++)
        {
            learned |= _outputModes[i] == OutputMode.Learned;
        }
        if (learned)
        {
            _bindingStale = true;
            // A learned output shape no longer fits: those outputs vary with the data. Retry with ONNX Runtime allocating them.
            for (var i = 0; i < _outputs.Length; i++)
            {
                if (_outputModes[i] == OutputMode.Learned)
                {
                    _outputModes[i] = OutputMode.DataDependent;
                    _outputValues[i] = 0;
                }
            }
            OrtApi.Instance.ReleaseStatus(status);
            _model.Logger.LogOutputShapesVary(_model.Name);
            Run();
            return;
        }
        try
        {
            OrtStatus.Check(status, $"model '{_model.Name}'");
        }
        catch (OrtException e)
        {
            throw new OrtModelException(e.Code, _model.Name, null, "a successful run on inputs " + DescribeInputs(), e.Message, e);
        }
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
        if (spec.ValueType != OnnxValueType.Tensor || TensorElementTypes.SizeOf(spec.ElementType) == 0)
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
        foreach (var t in _inputs)
        {
            t?.Dispose();
        }
        foreach (var t in _outputs)
        {
            t?.Dispose();
        }
        NativeMemory.Free(_inputValues);
        NativeMemory.Free(_outputValues);
        _binding?.Dispose();
        _runOptions.Dispose();
        _model.Session.DangerousRelease();
        _model.ReleaseShared();
    }
}
