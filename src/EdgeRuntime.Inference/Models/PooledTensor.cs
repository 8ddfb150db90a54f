using System.Runtime.InteropServices;
using EdgeRuntime.Interop.Ort;

namespace EdgeRuntime.Inference.Models;

/// <summary>
/// One input or output of a runner: a 64-byte-aligned native buffer that never moves, its current shape, and the
/// <c>OrtValue</c> that wraps it without copying. The buffer only grows; the value is re-created only when the shape
/// changes. Owned by one <see cref="OrtRunner"/>, single-threaded.
/// </summary>
internal sealed unsafe class PooledTensor : IDisposable
{
    private const nuint Alignment = 64;

    private readonly OrtMemoryInfoHandle _memoryInfo;
    private readonly long[] _shape;
    private nuint _capacityBytes;

    public PooledTensor(TensorSpec spec, OrtMemoryInfoHandle memoryInfo)
    {
        Spec = spec;
        _memoryInfo = memoryInfo;
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
    public OrtValueHandle? Value { get; private set; }

    public nint ValuePointer => Value?.Pointer ?? 0;

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
        Value = bindValue ? OrtValueHandle.CreateTensorOverMemory(_memoryInfo, Buffer, bytes, _shape, Spec.ElementType) : null;
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
