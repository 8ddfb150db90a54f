using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

// Managed mirrors of linux/videodev2.h (the parts a capture device needs). Layouts are checked against the
// header by a test that compiles a C program with gcc and compares every size and field offset.
#pragma warning disable CS1591 // field names mirror the header; the header documents them

/// <summary><c>struct v4l2_capability</c> (VIDIOC_QUERYCAP).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct V4l2Capability
{
    public fixed byte Driver[16];
    public fixed byte Card[32];
    public fixed byte BusInfo[32];
    public uint Version;
    public uint Capabilities;
    public uint DeviceCaps;
    public fixed uint Reserved[3];
}

/// <summary><c>struct v4l2_fmtdesc</c> (VIDIOC_ENUM_FMT).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct V4l2FmtDesc
{
    public uint Index;
    public uint Type;
    public uint Flags;
    public fixed byte Description[32];
    public uint PixelFormat;
    public uint MbusCode;
    public fixed uint Reserved[3];
}

/// <summary><c>struct v4l2_frmsizeenum</c> (VIDIOC_ENUM_FRAMESIZES); the union holds discrete or stepwise sizes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 44)]
public unsafe struct V4l2FrmSizeEnum
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Type;
    [FieldOffset(12)] public uint DiscreteWidth;
    [FieldOffset(16)] public uint DiscreteHeight;
    [FieldOffset(12)] public uint MinWidth;
    [FieldOffset(16)] public uint MaxWidth;
    [FieldOffset(20)] public uint StepWidth;
    [FieldOffset(24)] public uint MinHeight;
    [FieldOffset(28)] public uint MaxHeight;
    [FieldOffset(32)] public uint StepHeight;
    [FieldOffset(36)] public fixed uint Reserved[2];
}

/// <summary><c>struct v4l2_fract</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct V4l2Fract
{
    public uint Numerator;
    public uint Denominator;
}

/// <summary><c>struct v4l2_frmivalenum</c> (VIDIOC_ENUM_FRAMEINTERVALS).</summary>
[StructLayout(LayoutKind.Explicit, Size = 52)]
public unsafe struct V4l2FrmIvalEnum
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Width;
    [FieldOffset(12)] public uint Height;
    [FieldOffset(16)] public uint Type;
    [FieldOffset(20)] public V4l2Fract Discrete;
    [FieldOffset(20)] public V4l2Fract StepwiseMin;
    [FieldOffset(28)] public V4l2Fract StepwiseMax;
    [FieldOffset(36)] public V4l2Fract StepwiseStep;
    [FieldOffset(44)] public fixed uint Reserved[2];
}

/// <summary><c>struct v4l2_pix_format</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct V4l2PixFormat
{
    public uint Width;
    public uint Height;
    public uint PixelFormat;
    public uint Field;
    public uint BytesPerLine;
    public uint SizeImage;
    public uint Colorspace;
    public uint Priv;
    public uint Flags;
    public uint YcbcrEnc;
    public uint Quantization;
    public uint XferFunc;
}

/// <summary><c>struct v4l2_format</c> (VIDIOC_G_FMT, VIDIOC_S_FMT): the union starts at 8 because some members hold pointers.</summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
public struct V4l2Format
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(8)] public V4l2PixFormat Pix;
}

/// <summary><c>struct v4l2_captureparm</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct V4l2CaptureParm
{
    public uint Capability;
    public uint CaptureMode;
    public V4l2Fract TimePerFrame;
    public uint ExtendedMode;
    public uint ReadBuffers;
    public fixed uint Reserved[4];
}

/// <summary><c>struct v4l2_streamparm</c> (VIDIOC_G_PARM, VIDIOC_S_PARM).</summary>
[StructLayout(LayoutKind.Explicit, Size = 204)]
public struct V4l2StreamParm
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public V4l2CaptureParm Capture;
}

/// <summary><c>struct v4l2_requestbuffers</c> (VIDIOC_REQBUFS).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct V4l2RequestBuffers
{
    public uint Count;
    public uint Type;
    public uint Memory;
    public uint Capabilities;
    public byte Flags;
    public fixed byte Reserved[3];
}

/// <summary><c>struct timeval</c> on LP64.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TimeVal
{
    public long Seconds;
    public long Microseconds;
}

/// <summary><c>struct v4l2_timecode</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct V4l2Timecode
{
    public uint Type;
    public uint Flags;
    public byte Frames;
    public byte Seconds;
    public byte Minutes;
    public byte Hours;
    public fixed byte UserBits[4];
}

/// <summary><c>struct v4l2_buffer</c> (VIDIOC_QUERYBUF, VIDIOC_QBUF, VIDIOC_DQBUF), for MMAP memory.</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
public struct V4l2Buffer
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint BytesUsed;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public uint Field;
    [FieldOffset(24)] public TimeVal Timestamp;
    [FieldOffset(40)] public V4l2Timecode Timecode;
    [FieldOffset(56)] public uint Sequence;
    [FieldOffset(60)] public uint Memory;
    [FieldOffset(64)] public uint Offset;
    [FieldOffset(72)] public uint Length;
    [FieldOffset(76)] public uint Reserved2;
    [FieldOffset(80)] public int RequestFd;
}

#pragma warning restore CS1591

/// <summary>V4L2 constants and ioctl request numbers (computed like the kernel's <c>_IOR</c>/<c>_IOWR</c> from the struct sizes).</summary>
public static unsafe class V4l2
{
    public const uint BufTypeVideoCapture = 1;
    public const uint MemoryMmap = 1;
    public const uint FieldNone = 1;
    public const uint CapVideoCapture = 0x00000001;
    public const uint CapStreaming = 0x04000000;
    public const uint CapDeviceCaps = 0x80000000;
    public const uint BufFlagError = 0x00000040;
    public const uint BufFlagTimestampMask = 0x0000e000;
    public const uint BufFlagTimestampMonotonic = 0x00002000;
    public const uint FrmSizeTypeDiscrete = 1;
    public const uint FrmIvalTypeDiscrete = 1;
    public const uint CaptureTimePerFrame = 0x1000;

    public static readonly nuint QueryCap = Read(0, sizeof(V4l2Capability));
    public static readonly nuint EnumFmt = ReadWrite(2, sizeof(V4l2FmtDesc));
    public static readonly nuint GetFmt = ReadWrite(4, sizeof(V4l2Format));
    public static readonly nuint SetFmt = ReadWrite(5, sizeof(V4l2Format));
    public static readonly nuint ReqBufs = ReadWrite(8, sizeof(V4l2RequestBuffers));
    public static readonly nuint QueryBuf = ReadWrite(9, sizeof(V4l2Buffer));
    public static readonly nuint QBuf = ReadWrite(15, sizeof(V4l2Buffer));
    public static readonly nuint DQBuf = ReadWrite(17, sizeof(V4l2Buffer));
    public static readonly nuint StreamOn = Write(18, sizeof(int));
    public static readonly nuint StreamOff = Write(19, sizeof(int));
    public static readonly nuint GetParm = ReadWrite(21, sizeof(V4l2StreamParm));
    public static readonly nuint SetParm = ReadWrite(22, sizeof(V4l2StreamParm));
    public static readonly nuint EnumFrameSizes = ReadWrite(74, sizeof(V4l2FrmSizeEnum));
    public static readonly nuint EnumFrameIntervals = ReadWrite(75, sizeof(V4l2FrmIvalEnum));

    /// <summary>A V4L2 FourCC code from its four characters.</summary>
    public static uint FourCC(char a, char b, char c, char d) => a | (uint)b << 8 | (uint)c << 16 | (uint)d << 24;

    /// <summary>The four characters of a FourCC code.</summary>
    public static string FourCCText(uint code) => new([(char)(code & 0xFF), (char)(code >> 8 & 0xFF), (char)(code >> 16 & 0xFF), (char)(code >> 24 & 0xFF)]);

    public static readonly uint PixYuyv = FourCC('Y', 'U', 'Y', 'V');
    public static readonly uint PixMjpeg = FourCC('M', 'J', 'P', 'G');
    public static readonly uint PixNv12 = FourCC('N', 'V', '1', '2');

    // asm-generic/ioctl.h: direction in bits 30-31, size in 16-29, type ('V') in 8-15, number in 0-7.
    private static nuint Ioc(uint direction, uint number, int size) => (nuint)(direction << 30 | (uint)size << 16 | (uint)'V' << 8 | number);

    private static nuint Read(uint number, int size) => Ioc(2, number, size);

    private static nuint Write(uint number, int size) => Ioc(1, number, size);

    private static nuint ReadWrite(uint number, int size) => Ioc(3, number, size);
}
