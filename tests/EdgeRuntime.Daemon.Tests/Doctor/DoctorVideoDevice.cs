using System.Text;
using EdgeRuntime.Interop.Libc;

namespace EdgeRuntime.Daemon.Tests.Doctor;

/// <summary>
/// A V4L2 node without hardware, for the calls <c>edge doctor</c> makes (VIDIOC_QUERYCAP and VIDIOC_ENUM_FMT); the
/// streaming calls answer as a driver does to a caller that never set a format (EINVAL), since the doctor never streams.
/// </summary>
internal sealed unsafe class DoctorVideoDevice(string path, uint[] formats, uint capabilities = V4l2.CapVideoCapture | V4l2.CapStreaming) : IVideoDevice
{
    private const int Einval = 22;

    public string Path => path;

    public bool Disposed { get; private set; }

    public V4l2Capability QueryCapability()
    {
        var cap = new V4l2Capability { Capabilities = capabilities | V4l2.CapDeviceCaps, DeviceCaps = capabilities };
        var card = Encoding.ASCII.GetBytes("Doctor Camera");
        var driver = Encoding.ASCII.GetBytes("uvcvideo");
        card.CopyTo(new Span<byte>(cap.Card, 32));
        driver.CopyTo(new Span<byte>(cap.Driver, 16));
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
        return false;
    }

    public bool EnumFrameInterval(uint pixelFormat, uint width, uint height, uint index, out V4l2FrmIvalEnum interval)
    {
        interval = default;
        return false;
    }

    public V4l2PixFormat SetFormat(V4l2PixFormat requested) => throw Refused("VIDIOC_S_FMT");

    public V4l2Fract SetFrameInterval(V4l2Fract interval) => throw Refused("VIDIOC_S_PARM");

    public int RequestBuffers(int count) => throw Refused("VIDIOC_REQBUFS");

    public nint MapBuffer(int index, out int length) => throw Refused("VIDIOC_QUERYBUF");

    public void UnmapBuffer(nint address, int length) => throw Refused("munmap");

    public void Queue(int index) => throw Refused("VIDIOC_QBUF");

    public bool WaitForFrame(int timeoutMilliseconds) => throw Refused("poll");

    public bool Dequeue(out V4l2Buffer buffer) => throw Refused("VIDIOC_DQBUF");

    public void StreamOn() => throw Refused("VIDIOC_STREAMON");

    public void StreamOff() => throw Refused("VIDIOC_STREAMOFF");

    public void Dispose() => Disposed = true;

    private static LibcException Refused(string call) => new($"{call} failed: Invalid argument (errno {Einval})", Einval);
}
