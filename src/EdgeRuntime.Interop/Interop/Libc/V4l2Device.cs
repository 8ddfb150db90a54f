using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>A V4L2 device node opened non-blocking; every ioctl goes through <see cref="LibcException.Check"/>.</summary>
/// <remarks>Structs are passed by pointer to stack copies: nothing is marshalled or allocated per frame.</remarks>
public sealed unsafe class V4l2Device : IVideoDevice
{
    private readonly FileDescriptorHandle _fd;

    private V4l2Device(string path, FileDescriptorHandle fd)
    {
        Path = path;
        _fd = fd;
    }

    /// <summary>Opens <paramref name="path"/> (e.g. <c>/dev/video0</c>).</summary>
    /// <exception cref="LibcException">The node does not exist or cannot be opened (errno says why).</exception>
    public static V4l2Device Open(string path)
    {
        var fd = LibcException.Check(Native.Open(path, Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC), $"open({path})");
        return new V4l2Device(path, FileDescriptorHandle.FromRaw(fd));
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public V4l2Capability QueryCapability()
    {
        V4l2Capability cap;
        Ioctl(V4l2.QueryCap, &cap, "VIDIOC_QUERYCAP");
        return cap;
    }

    /// <inheritdoc />
    public bool EnumFormat(uint index, out V4l2FmtDesc format)
    {
        V4l2FmtDesc f = default;
        f.Index = index;
        f.Type = V4l2.BufTypeVideoCapture;
        var ok = TryIoctl(V4l2.EnumFmt, &f, "VIDIOC_ENUM_FMT");
        format = f;
        return ok;
    }

    /// <inheritdoc />
    public bool EnumFrameSize(uint pixelFormat, uint index, out V4l2FrmSizeEnum size)
    {
        V4l2FrmSizeEnum s = default;
        s.Index = index;
        s.PixelFormat = pixelFormat;
        var ok = TryIoctl(V4l2.EnumFrameSizes, &s, "VIDIOC_ENUM_FRAMESIZES");
        size = s;
        return ok;
    }

    /// <inheritdoc />
    public bool EnumFrameInterval(uint pixelFormat, uint width, uint height, uint index, out V4l2FrmIvalEnum interval)
    {
        V4l2FrmIvalEnum i = default;
        i.Index = index;
        i.PixelFormat = pixelFormat;
        i.Width = width;
        i.Height = height;
        var ok = TryIoctl(V4l2.EnumFrameIntervals, &i, "VIDIOC_ENUM_FRAMEINTERVALS");
        interval = i;
        return ok;
    }

    /// <inheritdoc />
    public V4l2PixFormat SetFormat(V4l2PixFormat requested)
    {
        V4l2Format f = default;
        f.Type = V4l2.BufTypeVideoCapture;
        f.Pix = requested;
        Ioctl(V4l2.SetFmt, &f, "VIDIOC_S_FMT");
        return f.Pix;
    }

    /// <inheritdoc />
    public V4l2Fract SetFrameInterval(V4l2Fract interval)
    {
        V4l2StreamParm p = default;
        p.Type = V4l2.BufTypeVideoCapture;
        if (!TryIoctl(V4l2.GetParm, &p, "VIDIOC_G_PARM") || (p.Capture.Capability & V4l2.CaptureTimePerFrame) == 0)
        {
            return default;
        }
        p.Capture.TimePerFrame = interval;
        Ioctl(V4l2.SetParm, &p, "VIDIOC_S_PARM");
        return p.Capture.TimePerFrame;
    }

    /// <inheritdoc />
    public int RequestBuffers(int count)
    {
        V4l2RequestBuffers r = default;
        r.Count = (uint)count;
        r.Type = V4l2.BufTypeVideoCapture;
        r.Memory = V4l2.MemoryMmap;
        Ioctl(V4l2.ReqBufs, &r, "VIDIOC_REQBUFS");
        return (int)r.Count;
    }

    /// <inheritdoc />
    public nint MapBuffer(int index, out int length)
    {
        var b = Buffer(index);
        Ioctl(V4l2.QueryBuf, &b, "VIDIOC_QUERYBUF");
        var address = Native.Mmap(0, b.Length, Native.PROT_READ | Native.PROT_WRITE, Native.MAP_SHARED, _fd, b.Offset);
        if (address == -1)
        {
            LibcException.Check(-1, $"mmap of buffer {index} ({b.Length} bytes) on {Path}");
        }
        length = (int)b.Length;
        return address;
    }

    /// <inheritdoc />
    public void UnmapBuffer(nint address, int length) => LibcException.Check(Native.Munmap(address, (nuint)length), $"munmap on {Path}");

    /// <inheritdoc />
    public void Queue(int index)
    {
        var b = Buffer(index);
        Ioctl(V4l2.QBuf, &b, "VIDIOC_QBUF");
    }

    /// <inheritdoc />
    public bool WaitForFrame(int timeoutMilliseconds)
    {
        var fd = new Native.PollFd { Fd = _fd.Value, Events = Native.POLLIN };
        var n = Native.Poll(&fd, 1, timeoutMilliseconds);
        if (n < 0 && Marshal.GetLastPInvokeError() == Native.EINTR)
        {
            return false;
        }
        return LibcException.Check(n, $"poll on {Path}") > 0;
    }

    /// <inheritdoc />
    public bool Dequeue(out V4l2Buffer buffer)
    {
        var b = Buffer(0);
        var rc = Native.Ioctl(_fd, V4l2.DQBuf, &b);
        buffer = b;
        if (rc < 0 && Marshal.GetLastPInvokeError() == Native.EAGAIN)
        {
            return false;
        }
        LibcException.Check(rc, $"VIDIOC_DQBUF on {Path}");
        return true;
    }

    /// <inheritdoc />
    public void StreamOn()
    {
        var type = (int)V4l2.BufTypeVideoCapture;
        Ioctl(V4l2.StreamOn, &type, "VIDIOC_STREAMON");
    }

    /// <inheritdoc />
    public void StreamOff()
    {
        var type = (int)V4l2.BufTypeVideoCapture;
        Ioctl(V4l2.StreamOff, &type, "VIDIOC_STREAMOFF");
    }

    /// <inheritdoc />
    public void Dispose() => _fd.Dispose();

    private static V4l2Buffer Buffer(int index) => new() { Index = (uint)index, Type = V4l2.BufTypeVideoCapture, Memory = V4l2.MemoryMmap };

    private void Ioctl(nuint request, void* argument, string name) => LibcException.Check(Native.Ioctl(_fd, request, argument), $"{name} on {Path}");

    // Enumerations end with EINVAL; any other failure is an error.
    private bool TryIoctl(nuint request, void* argument, string name)
    {
        var rc = Native.Ioctl(_fd, request, argument);
        if (rc < 0 && Marshal.GetLastPInvokeError() == Native.EINVAL)
        {
            return false;
        }
        LibcException.Check(rc, $"{name} on {Path}");
        return true;
    }
}
