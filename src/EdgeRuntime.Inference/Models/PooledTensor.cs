using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Models;

/// <summary>
/// One input or output of a runner: a 64-byte-aligned native buffer that never moves, its current shape, and the
/// <see cref="OrtValue"/> that wraps it without copying (CPU memory info, so ONNX Runtime reads and writes it in place). The buffer only grows; the value is re-created only when the shape
/// changes. Owned by one <see cref="OrtRunner"/>, single-threaded.
/// </summary>
internal sealed unsafe class PooledTensor : IDisposable
{
    private const nuint Alignment = 64;

    private readonly long[] _shape;
    private nuint _capacityBytes;

    public PooledTensor(TensorSpec spec)
    {
        Spec = spec;
        ElementSize = TensorElementTypes.SizeOf(spec.ElementType);
        _shape = new long[spec.Rank];
        Array.Fill(_shape, -1);
    }

    public TensorSpec Spec { get; }

    public int ElementSize { get; }

    public void* Buffer { get; private set; }

    public long ElementCount { get; private set; }

    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The wrapping value, or null before the first shape or for an output ONNX Runtime allocates each run.</summary>
    public OrtValue? Value { get; private set; }

    /// <summary>True once a shape was set (a scalar's element count becomes 1).</summary>
    public bool HasShape => ElementCount > 0 || (_shape.Length > 0 && _shape[0] >= 0);

    /// <summary>
    /// Sets the shape; grows the buffer and re-creates the value (when <paramref name="bindValue"/>) only if it differs from
    /// the current one. Returns true when the value changed (the caller must re-bind it).
    /// </summary>
    public bool Reshape(ReadOnlySpan<long> shape, bool bindValue)
    {
        if (HasShape && shape.SequenceEqual(_shape) && (Value is not null || !bindValue))
        {
            return false;
        }
        long count = 1;
        foreach (var d in shape)
        {
            count = checked(count * d);
        }
        var bytes = checked((nuint)(count * ElementSize));
        if (bytes > _capacityBytes || Buffer is null)
        {
            // Grow with headroom so a slowly increasing dimension (OCR line width) does not reallocate every time.
            var capacity = Math.Max(Alignment, Math.Max(bytes, _capacityBytes + _capacityBytes / 2));
            NativeMemory.AlignedFree(Buffer);
            Buffer = NativeMemory.AlignedAlloc(capacity, Alignment);
            NativeMemory.Clear(Buffer, capacity);
            _capacityBytes = capacity;
        }
        shape.CopyTo(_shape);
        ElementCount = count;
        Value?.Dispose();
        // The value's shape is copied by ONNX Runtime; the buffer is ours and outlives the value (see Dispose).
        Value = bindValue
            ? OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Spec.ElementType, _shape, (nint)Buffer, checked((long)bytes))
            : null;
        return true;
    }

    public Span<T> AsSpan<T>() where T : unmanaged => new(Buffer, checked((int)ElementCount));

    public void Dispose()
    {
        Value?.Dispose();
        Value = null;
        NativeMemory.AlignedFree(Buffer);
        Buffer = null;
    }
}
