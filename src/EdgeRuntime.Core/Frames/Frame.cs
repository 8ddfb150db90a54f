using System.Buffers;
using System.Runtime.InteropServices;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Frames;

/// <summary>
/// One pooled image buffer and what it holds: format, capture timestamp and sequence number. The memory is native,
/// 64-byte aligned and never moves, so drivers (V4L2 copies, a pipe read, libturbojpeg) and ONNX Runtime tensors can
/// use <see cref="Pointer"/> directly.
/// </summary>
/// <remarks>
/// Frames belong to a <see cref="Rings.FrameRing"/>: the producer fills one it acquired and publishes it; the consumer
/// that took it owns it until it calls <see cref="Rings.FrameRing.Release"/>. Never keep a frame after releasing it:
/// the producer refills the same buffer.
/// </remarks>
public sealed unsafe class Frame : IDisposable
{
    private byte* _data;
    private readonly NativeBuffer _memory;

    internal Frame(int index, int capacity)
    {
        Index = index;
        Capacity = capacity;
        _data = (byte*)NativeMemory.AlignedAlloc((nuint)capacity, 64);
        _memory = new NativeBuffer(this);
    }

    /// <summary>The frame's slot in its ring's pool.</summary>
    public int Index { get; }

    /// <summary>Bytes the buffer can hold.</summary>
    public int Capacity { get; }

    /// <summary>The buffer's address (valid while the ring lives).</summary>
    public nint Pointer => (nint)_data;

    /// <summary>The format of the bytes in the buffer.</summary>
    public FrameFormat Format { get; set; }

    /// <summary>Bytes of valid data (the whole frame for raw formats, the JPEG size for MJPEG).</summary>
    public int Length { get; set; }

    /// <summary>The capture time of the frame on the monotonic clock (start of exposure where the driver knows it).</summary>
    public Timestamp Timestamp { get; set; }

    /// <summary>The producer's frame counter: consecutive published frames differ by one; a bigger step means drops.</summary>
    public long Sequence { get; set; }

    /// <summary>The valid bytes.</summary>
    public Span<byte> Data => new(_data, Length);

    /// <summary>The whole buffer, for a producer filling it.</summary>
    public Span<byte> Buffer => new(_data, Capacity);

    /// <summary>The whole buffer as <see cref="Memory{T}"/>, for asynchronous reads into it (no allocation: the manager is created once).</summary>
    public Memory<byte> BufferMemory => _memory.Memory;

    // Exposes the native buffer as Memory<byte>; pinning is a no-op because native memory never moves.
    private sealed class NativeBuffer(Frame owner) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => owner.Buffer;

        public override MemoryHandle Pin(int elementIndex = 0) => new(owner._data + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"frame #{Sequence} {Format} at {Timestamp}";
}
