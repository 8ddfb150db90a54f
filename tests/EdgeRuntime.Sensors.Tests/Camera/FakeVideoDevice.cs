using System.Runtime.InteropServices;
using System.Text;
using EdgeRuntime.Interop.Libc;

namespace EdgeRuntime.Sensors.Tests.Camera;

/// <summary>
/// A V4L2 device without hardware: it offers formats and sizes, grants mmap buffers in native memory, and fills queued
/// buffers with the payloads the test gives it, stamped with the test's monotonic times. It checks the caller's use of
/// the buffer protocol (no double queue, no dequeue while not streaming) and records the shutdown.
/// </summary>
internal sealed unsafe class FakeVideoDevice(uint[] formats, (uint Width, uint Height)[] sizes, uint capabilities = V4l2.CapVideoCapture | V4l2.CapStreaming) : IVideoDevice
{
    private readonly Queue<(byte[] Payload, long StampNs, uint Flags)> _pending = new();
    private readonly Queue<int> _driverQueue = new();
    private readonly List<(nint Address, int Length)> _buffers = [];
    private readonly Lock _gate = new();
    private V4l2PixFormat _format;
    private uint _sequence;

    public string Path => "/dev/video-fake";

    public uint BytesPerLinePadding { get; init; }

    public bool Streaming { get; private set; }

    public int StreamOffs { get; private set; }

    public int Unmapped { get; private set; }

    public bool BuffersFreed { get; private set; }

    public bool Disposed { get; private set; }

    public int Delivered { get; private set; }

    public int QueuedNow
    {
        get
        {
            lock (_gate)
            {
                return _driverQueue.Count;
            }
        }
    }

    public void Add(byte[] payload, long stampNs, uint flags = 0)
    {
        lock (_gate)
        {
            _pending.Enqueue((payload, stampNs, flags));
        }
    }

    public V4l2Capability QueryCapability()
    {
        var cap = new V4l2Capability { Capabilities = capabilities | V4l2.CapDeviceCaps, DeviceCaps = capabilities };
        var card = Encoding.ASCII.GetBytes("Fake Camera");
        for (var i = 0; i < card.Length; i++)
        {
            cap.Card[i] = card[i];
        }
        return cap;
    }

    public bool EnumFormat(uint index, out V4l2FmtDesc format)
    {
        format = default;
        if (index >= formats.Length)
        {
            return false;
        }
        format.Index = index;
        format.PixelFormat = formats[index];
        return true;
    }

    public bool EnumFrameSize(uint pixelFormat, uint index, out V4l2FrmSizeEnum size)
    {
        size = default;
        if (index >= sizes.Length)
        {
            return false;
        }
        size.Type = V4l2.FrmSizeTypeDiscrete;
        size.DiscreteWidth = sizes[index].Width;
        size.DiscreteHeight = sizes[index].Height;
        return true;
    }

    public bool EnumFrameInterval(uint pixelFormat, uint width, uint height, uint index, out V4l2FrmIvalEnum interval)
    {
        interval = default;
        if (index > 0)
        {
            return false;
        }
        interval.Type = V4l2.FrmIvalTypeDiscrete;
        interval.Discrete = new V4l2Fract { Numerator = 1, Denominator = 30 };
        return true;
    }

    public V4l2PixFormat SetFormat(V4l2PixFormat requested)
    {
        // Like a driver: the nearest supported size, its own stride.
        var (w, h) = sizes.MinBy(s => Math.Abs((int)s.Width - (int)requested.Width) + Math.Abs((int)s.Height - (int)requested.Height));
        var bytesPerPixel = requested.PixelFormat == V4l2.PixYuyv ? 2u : 1u;
        _format = requested;
        _format.Width = w;
        _format.Height = h;
        _format.BytesPerLine = requested.PixelFormat == V4l2.PixMjpeg ? 0 : w * bytesPerPixel + BytesPerLinePadding;
        _format.SizeImage = requested.PixelFormat == V4l2.PixNv12 ? _format.BytesPerLine * h * 3 / 2 : Math.Max(_format.BytesPerLine * h, w * h * 2);
        return _format;
    }

    public V4l2Fract SetFrameInterval(V4l2Fract interval) => interval;

    public int RequestBuffers(int count)
    {
        if (count == 0)
        {
            BuffersFreed = true;
            return 0;
        }
        for (var i = _buffers.Count; i < count; i++)
        {
            _buffers.Add(((nint)NativeMemory.AllocZeroed(_format.SizeImage), (int)_format.SizeImage));
        }
        return count;
    }

    public nint MapBuffer(int index, out int length)
    {
        length = _buffers[index].Length;
        return _buffers[index].Address;
    }

    public void UnmapBuffer(nint address, int length) => Unmapped++;

    public void Queue(int index)
    {
        lock (_gate)
        {
            if (_driverQueue.Contains(index))
            {
                throw new InvalidOperationException($"buffer {index} queued twice");
            }
            _driverQueue.Enqueue(index);
        }
    }

    /// <summary>The device is gone (unplugged): from now on polling and dequeuing fail with ENODEV, as the kernel's do.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            Unplugged = true;
        }
    }

    public bool Unplugged { get; private set; }

    public bool WaitForFrame(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            if (Unplugged)
            {
                throw new LibcException($"poll on {Path} failed: No such device (errno 19)", LinuxErrno.ENODEV);
            }
            if (_pending.Count > 0 && _driverQueue.Count > 0)
            {
                return true;
            }
        }
        Thread.Yield();
        return false;
    }

    public bool Dequeue(out V4l2Buffer buffer)
    {
        buffer = default;
        lock (_gate)
        {
            if (!Streaming)
            {
                throw new InvalidOperationException("DQBUF while not streaming");
            }
            if (_pending.Count == 0 || _driverQueue.Count == 0)
            {
                return false;
            }
            var (payload, stamp, flags) = _pending.Dequeue();
            var index = _driverQueue.Dequeue();
            var (address, length) = _buffers[index];
            payload.AsSpan(0, Math.Min(payload.Length, length)).CopyTo(new Span<byte>((void*)address, length));
            buffer.Index = (uint)index;
            buffer.BytesUsed = (uint)Math.Min(payload.Length, length);
            buffer.Flags = V4l2.BufFlagTimestampMonotonic | flags;
            buffer.Timestamp = new TimeVal { Seconds = stamp / 1_000_000_000, Microseconds = stamp % 1_000_000_000 / 1000 };
            buffer.Sequence = _sequence++;
            Delivered++;
            return true;
        }
    }

    public void StreamOn() => Streaming = true;

    public void StreamOff()
    {
        Streaming = false;
        StreamOffs++;
    }

    public void Dispose()
    {
        foreach (var (address, _) in _buffers)
        {
            NativeMemory.Free((void*)address);
        }
        _buffers.Clear();
        Disposed = true;
    }
}
