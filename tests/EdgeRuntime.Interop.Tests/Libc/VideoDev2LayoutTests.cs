using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeRuntime.Interop.Libc;

namespace EdgeRuntime.Interop.Tests.Libc;

/// <summary>The managed V4L2 structs against linux/videodev2.h, as gcc lays them out on this machine.</summary>
public sealed class VideoDev2LayoutTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();

    // C struct, managed type, and (C field path, managed field) pairs.
    private static readonly (string C, Type Managed, int ManagedSize, (string CField, string Field)[] Fields)[] Structs =
    [
        ("v4l2_capability", typeof(V4l2Capability), Unsafe.SizeOf<V4l2Capability>(),
            [("driver", "Driver"), ("card", "Card"), ("bus_info", "BusInfo"), ("version", "Version"), ("capabilities", "Capabilities"), ("device_caps", "DeviceCaps"), ("reserved", "Reserved")]),
        ("v4l2_fmtdesc", typeof(V4l2FmtDesc), Unsafe.SizeOf<V4l2FmtDesc>(),
            [("index", "Index"), ("type", "Type"), ("flags", "Flags"), ("description", "Description"), ("pixelformat", "PixelFormat"), ("mbus_code", "MbusCode"), ("reserved", "Reserved")]),
        ("v4l2_frmsizeenum", typeof(V4l2FrmSizeEnum), Unsafe.SizeOf<V4l2FrmSizeEnum>(),
            [("index", "Index"), ("pixel_format", "PixelFormat"), ("type", "Type"), ("discrete.width", "DiscreteWidth"), ("discrete.height", "DiscreteHeight"),
             ("stepwise.min_width", "MinWidth"), ("stepwise.max_width", "MaxWidth"), ("stepwise.step_width", "StepWidth"),
             ("stepwise.min_height", "MinHeight"), ("stepwise.max_height", "MaxHeight"), ("stepwise.step_height", "StepHeight"), ("reserved", "Reserved")]),
        ("v4l2_frmivalenum", typeof(V4l2FrmIvalEnum), Unsafe.SizeOf<V4l2FrmIvalEnum>(),
            [("index", "Index"), ("pixel_format", "PixelFormat"), ("width", "Width"), ("height", "Height"), ("type", "Type"), ("discrete", "Discrete"),
             ("stepwise.min", "StepwiseMin"), ("stepwise.max", "StepwiseMax"), ("stepwise.step", "StepwiseStep"), ("reserved", "Reserved")]),
        ("v4l2_fract", typeof(V4l2Fract), Unsafe.SizeOf<V4l2Fract>(), [("numerator", "Numerator"), ("denominator", "Denominator")]),
        ("v4l2_pix_format", typeof(V4l2PixFormat), Unsafe.SizeOf<V4l2PixFormat>(),
            [("width", "Width"), ("height", "Height"), ("pixelformat", "PixelFormat"), ("field", "Field"), ("bytesperline", "BytesPerLine"), ("sizeimage", "SizeImage"),
             ("colorspace", "Colorspace"), ("priv", "Priv"), ("flags", "Flags"), ("ycbcr_enc", "YcbcrEnc"), ("quantization", "Quantization"), ("xfer_func", "XferFunc")]),
        ("v4l2_format", typeof(V4l2Format), Unsafe.SizeOf<V4l2Format>(), [("type", "Type"), ("fmt.pix", "Pix")]),
        ("v4l2_captureparm", typeof(V4l2CaptureParm), Unsafe.SizeOf<V4l2CaptureParm>(),
            [("capability", "Capability"), ("capturemode", "CaptureMode"), ("timeperframe", "TimePerFrame"), ("extendedmode", "ExtendedMode"), ("readbuffers", "ReadBuffers"), ("reserved", "Reserved")]),
        ("v4l2_streamparm", typeof(V4l2StreamParm), Unsafe.SizeOf<V4l2StreamParm>(), [("type", "Type"), ("parm.capture", "Capture")]),
        ("v4l2_requestbuffers", typeof(V4l2RequestBuffers), Unsafe.SizeOf<V4l2RequestBuffers>(),
            [("count", "Count"), ("type", "Type"), ("memory", "Memory"), ("capabilities", "Capabilities"), ("flags", "Flags"), ("reserved", "Reserved")]),
        ("v4l2_timecode", typeof(V4l2Timecode), Unsafe.SizeOf<V4l2Timecode>(),
            [("type", "Type"), ("flags", "Flags"), ("frames", "Frames"), ("seconds", "Seconds"), ("minutes", "Minutes"), ("hours", "Hours"), ("userbits", "UserBits")]),
        ("v4l2_buffer", typeof(V4l2Buffer), Unsafe.SizeOf<V4l2Buffer>(),
            [("index", "Index"), ("type", "Type"), ("bytesused", "BytesUsed"), ("flags", "Flags"), ("field", "Field"), ("timestamp", "Timestamp"), ("timecode", "Timecode"),
             ("sequence", "Sequence"), ("memory", "Memory"), ("m.offset", "Offset"), ("length", "Length"), ("reserved2", "Reserved2"), ("request_fd", "RequestFd")]),
    ];

    private static readonly (string C, nuint Managed)[] Ioctls =
    [
        ("VIDIOC_QUERYCAP", V4l2.QueryCap), ("VIDIOC_ENUM_FMT", V4l2.EnumFmt), ("VIDIOC_G_FMT", V4l2.GetFmt), ("VIDIOC_S_FMT", V4l2.SetFmt),
        ("VIDIOC_REQBUFS", V4l2.ReqBufs), ("VIDIOC_QUERYBUF", V4l2.QueryBuf), ("VIDIOC_QBUF", V4l2.QBuf), ("VIDIOC_DQBUF", V4l2.DQBuf),
        ("VIDIOC_STREAMON", V4l2.StreamOn), ("VIDIOC_STREAMOFF", V4l2.StreamOff), ("VIDIOC_G_PARM", V4l2.GetParm), ("VIDIOC_S_PARM", V4l2.SetParm),
        ("VIDIOC_ENUM_FRAMESIZES", V4l2.EnumFrameSizes), ("VIDIOC_ENUM_FRAMEINTERVALS", V4l2.EnumFrameIntervals),
    ];

    private static readonly (string C, uint Managed)[] Constants =
    [
        ("V4L2_PIX_FMT_YUYV", V4l2.PixYuyv), ("V4L2_PIX_FMT_MJPEG", V4l2.PixMjpeg), ("V4L2_PIX_FMT_NV12", V4l2.PixNv12),
        ("V4L2_BUF_TYPE_VIDEO_CAPTURE", V4l2.BufTypeVideoCapture), ("V4L2_MEMORY_MMAP", V4l2.MemoryMmap), ("V4L2_CAP_VIDEO_CAPTURE", V4l2.CapVideoCapture),
        ("V4L2_CAP_STREAMING", V4l2.CapStreaming), ("V4L2_CAP_DEVICE_CAPS", V4l2.CapDeviceCaps), ("V4L2_BUF_FLAG_ERROR", V4l2.BufFlagError),
        ("V4L2_BUF_FLAG_TIMESTAMP_MASK", V4l2.BufFlagTimestampMask), ("V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC", V4l2.BufFlagTimestampMonotonic),
        ("V4L2_FRMSIZE_TYPE_DISCRETE", V4l2.FrmSizeTypeDiscrete), ("V4L2_FRMIVAL_TYPE_DISCRETE", V4l2.FrmIvalTypeDiscrete), ("V4L2_FIELD_NONE", V4l2.FieldNone),
    ];

    private Dictionary<string, ulong> CompileAndRunLayoutProgram()
    {
        var lines = new List<string> { "#include <stdio.h>", "#include <stddef.h>", "#include <linux/videodev2.h>", "int main(void) {" };
        foreach (var (c, _, _, fields) in Structs)
        {
            lines.Add($"  printf(\"size {c} %zu\\n\", sizeof(struct {c}));");
            lines.AddRange(fields.Select(f => $"  printf(\"offset {c}.{f.CField} %zu\\n\", offsetof(struct {c}, {f.CField}));"));
        }
        lines.AddRange(Ioctls.Select(i => $"  printf(\"value {i.C} %lu\\n\", (unsigned long){i.C});"));
        lines.AddRange(Constants.Select(k => $"  printf(\"value {k.C} %lu\\n\", (unsigned long){k.C});"));
        lines.Add("  return 0;\n}");
        var source = _dir.File("layout.c");
        var binary = _dir.File("layout");
        File.WriteAllLines(source, lines);
        var compile = ProcessRunner.Run("gcc", ["-Wall", "-o", binary, source], TimeSpan.FromSeconds(60));
        Assert.True(compile.ExitCode == 0, compile.ToString());
        var run = ProcessRunner.Run(binary, [], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0] + " " + p[1], p => ulong.Parse(p[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_managed_struct_matches_videodev2_h_in_size_and_field_offsets_and_the_ioctl_numbers_match()
    {
        var c = CompileAndRunLayoutProgram();
        var mismatches = new List<string>();
        foreach (var (name, type, size, fields) in Structs)
        {
            Check($"size {name}", (ulong)size);
            Check($"size {name}", (ulong)Marshal.SizeOf(type));
            foreach (var (cField, field) in fields)
            {
                Check($"offset {name}.{cField}", (ulong)Marshal.OffsetOf(type, field));
            }
        }
        foreach (var (name, value) in Ioctls)
        {
            Check($"value {name}", value);
        }
        foreach (var (name, value) in Constants)
        {
            Check($"value {name}", value);
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.Equal(Structs.Length + Structs.Sum(s => s.Fields.Length) + Ioctls.Length + Constants.Length, c.Count);

        void Check(string key, ulong managed)
        {
            if (!c.TryGetValue(key, out var native) || native != managed)
            {
                mismatches.Add($"{key}: C {(c.TryGetValue(key, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "missing")}, managed {managed}");
            }
        }
    }

    public void Dispose() => _dir.Dispose();
}
