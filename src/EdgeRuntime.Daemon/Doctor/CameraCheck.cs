using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Camera.V4l2;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The configured camera: a V4L2 node exists, opens for this user, is a capture device and offers the configured
/// capture format (the calls <c>edge run</c> makes before streaming, without streaming); a pipe's command is on
/// <c>PATH</c>; a replayed video exists. The service's <c>edge</c> user must be in group <c>video</c>.
/// </summary>
internal sealed class CameraCheck(CameraOptions options, DoctorProbes probes, ServiceAccount account) : IDoctorCheck
{
    private const int Eacces = 13;
    private const int Eperm = 1;

    /// <inheritdoc />
    public string Name => "camera";

    /// <inheritdoc />
    public CheckResult Run() => options.Source switch
    {
        "v4l2" => VideoNode(options.Device),
        "opencv" when options.Device.StartsWith("/dev/", StringComparison.Ordinal) => VideoNode(options.Device),
        "opencv" when uint.TryParse(options.Device, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) => VideoNode($"/dev/video{index}"),
        "opencv" => CheckResult.Pass(Name, $"OpenCV source '{options.Device}' (a file, stream or pipeline: OpenCV opens it when edge runs)"),
        "pipe" => Pipe(options.PipeCommand ?? ""),
        "replay" => Replay(options.ReplayFile ?? ""),
        _ => NotConfigured(),
    };

    private CheckResult NotConfigured()
    {
        var nodes = VideoNodes();
        return CheckResult.Fail(Name, $"no camera configured (Camera:Source is none); {Listing(nodes)}",
            nodes.Count > 0
                ? $"set Camera:Source=v4l2 and Camera:Device={nodes[0]} (edge devices lists what each node offers)"
                : "connect a USB camera (or enable the CSI camera), then set Camera:Source=v4l2 and Camera:Device (edge devices lists them)");
    }

    private unsafe CheckResult VideoNode(string device)
    {
        var node = OnThisMachine(device);
        if (!File.Exists(node))
        {
            return CheckResult.Fail(Name, $"Camera:Device {device} does not exist; {Listing(VideoNodes())}",
                "connect the camera (USB) or enable it (CSI: camera_auto_detect=1 in config.txt), then set Camera:Device to a node edge devices lists");
        }
        string card;
        string offered;
        try
        {
            using var video = probes.OpenVideo(node);
            var cap = video.QueryCapability();
            var caps = (cap.Capabilities & V4l2.CapDeviceCaps) != 0 ? cap.DeviceCaps : cap.Capabilities;
            var driver = CString(cap.Driver, 16);
            card = driver.Length > 0 ? $"{CString(cap.Card, 32)} ({driver})" : CString(cap.Card, 32);
            if ((caps & V4l2.CapVideoCapture) == 0 || (caps & V4l2.CapStreaming) == 0)
            {
                return CheckResult.Fail(Name, $"{device} ({card}) is not a streaming capture node (a metadata or output node)",
                    "set Camera:Device to the camera's capture node (edge devices lists each node's formats)");
            }
            var formats = new List<string>();
            for (uint i = 0; video.EnumFormat(i, out var format); i++)
            {
                formats.Add(V4l2.FourCCText(format.PixelFormat));
            }
            var wanted = V4l2.FourCCText(V4l2Camera.FourCCOf(options.CaptureFormat));
            if (!formats.Contains(wanted))
            {
                return CheckResult.Fail(Name, $"{device} ({card}) does not offer {wanted} (Camera:CaptureFormat); it offers {string.Join(", ", formats)}",
                    "set Camera:CaptureFormat to yuyv, mjpeg or nv12, whichever it offers");
            }
            offered = wanted;
        }
        catch (LibcException e) when (e.Errno is Eacces or Eperm)
        {
            return CheckResult.Fail(Name, $"{device}: permission denied for {probes.UserName}",
                $"add {probes.UserName} to group video (sudo adduser {probes.UserName} video, then log in again); the udev rule hardware/udev/99-edge.rules gives video the node");
        }
        catch (IOException e)
        {
            return CheckResult.Fail(Name, $"{device}: {e.Message}", "check the camera's cable and that no other program holds it (fuser " + device + ")");
        }
        if (account.Missing("video") is { } missing)
        {
            return CheckResult.Fail(Name, $"{device} ({card}) opens, but {missing.Wrong}", missing.Fix);
        }
        return CheckResult.Pass(Name, $"{device}: {card} offers {offered} ({account.Note("video")})");
    }

    private CheckResult Pipe(string command)
    {
        var program = command.TrimStart().Split((char[])[' ', '\t'], 2)[0];
        if (program == "exec")
        {
            program = command.TrimStart()[4..].TrimStart().Split((char[])[' ', '\t'], 2)[0];
        }
        return DoctorProbes.FindExecutable(program) is { } found
            ? CheckResult.Pass(Name, $"pipe command '{program}' found at {found}")
            : CheckResult.Fail(Name, $"Camera:PipeCommand runs '{program}', which is not on PATH", $"install it (ffmpeg: sudo apt install ffmpeg; gst-launch-1.0: gstreamer1.0-tools) or give its full path");
    }

    private CheckResult Replay(string file) => File.Exists(file)
        ? CheckResult.Pass(Name, $"replays {file} ({new FileInfo(file).Length / 1e6:F1} MB); no live camera is used")
        : CheckResult.Fail(Name, $"Camera:ReplayFile {file} does not exist", "give an existing video file, or run tools/bootstrap.sh in a checkout to make the sample");

    // A device path under /dev is looked up under the probes' device root (a test's folder).
    private string OnThisMachine(string device) =>
        device.StartsWith("/dev/", StringComparison.Ordinal) ? Path.Combine(probes.DevRoot, device[5..]) : device;

    private List<string> VideoNodes() => Directory.Exists(probes.DevRoot)
        ? [.. Directory.EnumerateFileSystemEntries(probes.DevRoot, "video*").Select(p => "/dev/" + Path.GetFileName(p)).Order(StringComparer.Ordinal)]
        : [];

    private static string Listing(List<string> nodes) =>
        nodes.Count == 0 ? "no V4L2 camera on this machine (/dev/video* absent)" : "V4L2 nodes here: " + string.Join(", ", nodes);

    private static unsafe string CString(byte* bytes, int max)
    {
        var span = new ReadOnlySpan<byte>(bytes, max);
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]).Trim();
    }
}
