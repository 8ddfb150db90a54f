namespace EdgeRuntime.Interop.Libc;

/// <summary>
/// The V4L2 calls a capture device needs, one method per ioctl (plus mmap and poll). <see cref="V4l2Device"/> is the
/// real one; tests substitute a fake so everything above the ioctl (negotiation, the buffer loop, conversion, stamps)
/// runs for real on a machine without a camera.
/// </summary>
public interface IVideoDevice : IDisposable
{
    /// <summary>The device node.</summary>
    string Path { get; }

    /// <summary>VIDIOC_QUERYCAP.</summary>
    V4l2Capability QueryCapability();

    /// <summary>VIDIOC_ENUM_FMT for capture; false past the last format.</summary>
    bool EnumFormat(uint index, out V4l2FmtDesc format);

    /// <summary>VIDIOC_ENUM_FRAMESIZES; false past the last size.</summary>
    bool EnumFrameSize(uint pixelFormat, uint index, out V4l2FrmSizeEnum size);

    /// <summary>VIDIOC_ENUM_FRAMEINTERVALS; false past the last interval.</summary>
    bool EnumFrameInterval(uint pixelFormat, uint width, uint height, uint index, out V4l2FrmIvalEnum interval);

    /// <summary>VIDIOC_S_FMT for capture; returns the format the driver chose (it may adjust size and stride).</summary>
    V4l2PixFormat SetFormat(V4l2PixFormat requested);

    /// <summary>VIDIOC_S_PARM with a time per frame; returns the interval in force (0/0 when the driver cannot set it).</summary>
    V4l2Fract SetFrameInterval(V4l2Fract interval);

    /// <summary>VIDIOC_REQBUFS with MMAP memory; returns how many buffers the driver granted (0 frees them).</summary>
    int RequestBuffers(int count);

    /// <summary>VIDIOC_QUERYBUF then mmap: the buffer's address and length.</summary>
    nint MapBuffer(int index, out int length);

    /// <summary>munmap.</summary>
    void UnmapBuffer(nint address, int length);

    /// <summary>VIDIOC_QBUF: hands buffer <paramref name="index"/> to the driver.</summary>
    void Queue(int index);

    /// <summary>poll for a filled buffer; false on timeout.</summary>
    bool WaitForFrame(int timeoutMilliseconds);

    /// <summary>VIDIOC_DQBUF (non-blocking); false when no buffer is ready.</summary>
    bool Dequeue(out V4l2Buffer buffer);

    /// <summary>VIDIOC_STREAMON.</summary>
    void StreamOn();

    /// <summary>VIDIOC_STREAMOFF (returns every buffer to userspace).</summary>
    void StreamOff();
}
