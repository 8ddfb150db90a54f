using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Models;

// Outputs: which are preallocated from the contract, which are learned from a run, which ONNX Runtime allocates and
// copies. Same single-threaded ownership as the rest of the runner (see OrtRunner.cs).
public sealed partial class OrtRunner
{
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

    private bool AnyOutputAllocatedByOrt()
    {
        foreach (var mode in _outputModes)
        {
            if (mode is OutputMode.AllocatedByOrt or OutputMode.DataDependent)
            {
                return true;
            }
        }
        return false;
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
            }
            else if (_outputModes[i] != OutputMode.DataDependent)
            {
                _outputModes[i] = OutputMode.AllocatedByOrt;
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

    /// <summary>Copies the outputs ONNX Runtime allocated into their pooled buffers (outputs are bound in index order).</summary>
    private void CollectOrtAllocatedOutputs()
    {
        using var values = _binding.GetOutputValues();
        var i = 0;
        foreach (var value in values)
        {
            if (_outputModes[i] is OutputMode.AllocatedByOrt or OutputMode.DataDependent)
            {
                TakeOutput(i, value);
            }
            i++;
        }
        // The binding keeps what ONNX Runtime allocated as the output for the next run; an output whose shape varies with
        // the data must be bound to the device afresh, or the next run is handed last run's shape.
        foreach (var mode in _outputModes)
        {
            _bindingStale |= mode == OutputMode.DataDependent;
        }
    }

    /// <summary>Copies an output ONNX Runtime allocated into the pooled buffer, then binds the buffer if the shape is stable.</summary>
    private void TakeOutput(int i, OrtValue value)
    {
        var tensor = _outputs[i];
        var shape = value.GetTensorTypeAndShape().Shape;
        if (shape.Length != tensor.Spec.Rank)
        {
            throw new OrtModelException(OrtErrorCode.Fail, _model.Name, tensor.Spec.Name, $"an output of rank {tensor.Spec.Rank}", $"rank {shape.Length}");
        }
        var learned = _outputModes[i] == OutputMode.AllocatedByOrt;
        Rebinds += tensor.Reshape(shape, bindValue: learned) && learned ? 1 : 0;
        var data = value.GetTensorMutableRawData();
        unsafe
        {
            data.CopyTo(new Span<byte>(tensor.Buffer, checked((int)(tensor.ElementCount * tensor.ElementSize))));
        }
        if (learned)
        {
            _bindingStale = true;
            _outputModes[i] = OutputMode.Learned;
        }
    }
}
