using System.Globalization;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Interop.PortAudio;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Sensors.Devices;

/// <summary>A device found on this machine, with what it can do (one line per format, size, channel set or GPIO line).</summary>
public sealed record DeviceInfo(string Kind, string Path, string Description)
{
    /// <summary>Capability lines, e.g. <c>YUYV 640x480 @ 30, 15 fps</c>.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}

/// <summary>
/// Lists the capture hardware a deployment can use: V4L2 video nodes with their formats, sizes and frame rates;
/// PortAudio capture devices with channels and rates (plus ALSA's own list); GPIO chips with their lines.
/// The roots and the device openers are parameters so tests can point them at a fake tree and fake devices.
/// </summary>
public sealed class DeviceInventory(string devRoot = "/dev", string procRoot = "/proc", string sysRoot = "/sys", Func<string, IVideoDevice>? openVideo = null,
    Func<string, System.Device.Gpio.GpioChipInfo>? describeGpioChip = null)
{
    private readonly Func<string, IVideoDevice> _openVideo = openVideo ?? (path => V4l2Device.Open(path));
    private readonly Func<string, System.Device.Gpio.GpioChipInfo> _describeGpioChip = describeGpioChip ?? DescribeGpioChip;

    /// <summary>V4L2 video nodes (<c>/dev/video*</c>): card name, and for capture nodes every format, size and frame rate.</summary>
    public IReadOnlyList<DeviceInfo> Cameras() =>
        Glob(devRoot, "video*").Select(path =>
        {
            var name = ReadTrimmed(Path.Combine(sysRoot, "class", "video4linux", Path.GetFileName(path), "name")) ?? "V4L2 device";
            try
            {
                using var device = _openVideo(path);
                return Describe(device, name, path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new DeviceInfo("camera", path, name) { Details = [$"cannot open: {e.Message}"] };
            }
        }).ToArray();

    private static unsafe DeviceInfo Describe(IVideoDevice device, string name, string path)
    {
        var cap = device.QueryCapability();
        var caps = (cap.Capabilities & V4l2.CapDeviceCaps) != 0 ? cap.DeviceCaps : cap.Capabilities;
        var card = CString(cap.Card, 32);
        var driver = CString(cap.Driver, 16);
        var details = new List<string>();
        if ((caps & V4l2.CapVideoCapture) == 0)
        {
            details.Add("not a capture node (metadata or output)");
        }
        for (uint f = 0; (caps & V4l2.CapVideoCapture) != 0 && device.EnumFormat(f, out var format); f++)
        {
            var fourcc = V4l2.FourCCText(format.PixelFormat);
            var description = CString(format.Description, 32);
            for (uint s = 0; device.EnumFrameSize(format.PixelFormat, s, out var size); s++)
            {
                if (size.Type != V4l2.FrmSizeTypeDiscrete)
                {
                    details.Add($"{fourcc} ({description}) {size.MinWidth}x{size.MinHeight} to {size.MaxWidth}x{size.MaxHeight}");
                    break;
                }
                var rates = new List<string>();
                for (uint i = 0; device.EnumFrameInterval(format.PixelFormat, size.DiscreteWidth, size.DiscreteHeight, i, out var interval); i++)
                {
                    if (interval.Type == V4l2.FrmIvalTypeDiscrete && interval.Discrete.Numerator > 0)
                    {
                        rates.Add((interval.Discrete.Denominator / (double)interval.Discrete.Numerator).ToString("0.##", CultureInfo.InvariantCulture));
                    }
                }
                details.Add($"{fourcc} ({description}) {size.DiscreteWidth}x{size.DiscreteHeight}" + (rates.Count > 0 ? $" @ {string.Join(", ", rates)} fps" : ""));
            }
        }
        return new DeviceInfo("camera", path, $"{card} ({driver})" + (card == name ? "" : $" [{name}]")) { Details = details };
    }

    /// <summary>PortAudio capture devices with host API, channels, default rate and whether 16 kHz mono works.</summary>
    public IReadOnlyList<DeviceInfo> AudioCaptureDevices()
    {
        try
        {
            using var session = new PortAudioSession();
            return session.Devices().Where(d => d.MaxInputChannels > 0).Select(d => new DeviceInfo("audio", d.Name, $"{d.HostApi}, PortAudio device {d.Index}")
            {
                Details =
                [
                    $"{d.MaxInputChannels} input channels, default {d.DefaultSampleRate.ToString("0", CultureInfo.InvariantCulture)} Hz, " +
                    $"latency {d.DefaultLowInputLatency * 1000:F0}-{d.DefaultHighInputLatency * 1000:F0} ms",
                    session.Supports(d, 1, 16000) ? "16 kHz mono: native" : "16 kHz mono: resampled from the default rate",
                ],
            }).ToArray();
        }
        catch (Exception e) when (e is DllNotFoundException or PortAudioException)
        {
            return AlsaCaptureDevices().Select(d => d with { Details = [.. d.Details, "PortAudio unavailable: " + e.Message] }).ToArray();
        }
    }

    /// <summary>ALSA capture PCMs from <c>/proc/asound/pcm</c> (lines that mention "capture").</summary>
    public IReadOnlyList<DeviceInfo> AlsaCaptureDevices()
    {
        var pcm = Path.Combine(procRoot, "asound", "pcm");
        if (!File.Exists(pcm))
        {
            return [];
        }
        var list = new List<DeviceInfo>();
        foreach (var line in File.ReadLines(pcm))
        {
            // "00-00: ALC3246 Analog : ALC3246 Analog : playback 1 : capture 1"
            if (!line.Contains("capture", StringComparison.Ordinal))
            {
                continue;
            }
            var id = line.Split(':', 2)[0].Trim();
            var parts = id.Split('-');
            var hw = parts.Length == 2 && int.TryParse(parts[0], out var card) && int.TryParse(parts[1], out var dev) ? $"hw:{card},{dev}" : id;
            list.Add(new DeviceInfo("audio", hw, line.Split(':', 3).ElementAtOrDefault(1)?.Trim() ?? ""));
        }
        return list;
    }

    /// <summary>
    /// GPIO chips (<c>/dev/gpiochip*</c>) with their label and line count, opened through System.Device.Gpio's driver
    /// for the libgpiod the board has (<see cref="GpioBackend"/>, named in each entry's details).
    /// </summary>
    public IReadOnlyList<DeviceInfo> GpioChips() =>
        Glob(devRoot, "gpiochip*").Select(path =>
        {
            try
            {
                var chip = _describeGpioChip(path);
                return new DeviceInfo("gpio", path, $"{chip.Label}, {chip.NumLines} lines") { Details = [$"through {GpioBackend.Current.Description}"] };
            }
            catch (IOException e)
            {
                var label = ReadTrimmed(Path.Combine(sysRoot, "bus", "gpio", "devices", Path.GetFileName(path), "label")) ?? "GPIO chip";
                return new DeviceInfo("gpio", path, label) { Details = [$"cannot open: {e.Message}"] };
            }
        }).ToArray();

    /// <summary>
    /// The configured distance sensor (none when <see cref="DistanceOptions.Enabled"/> is false), opened once through
    /// the binding as <c>edge run</c> opens it: what answers, or why nothing does.
    /// </summary>
    public IReadOnlyList<DeviceInfo> DistanceSensors(DistanceOptions options, Func<System.Device.I2c.I2cDevice>? openDevice = null)
    {
        if (!options.Enabled)
        {
            return [];
        }
        try
        {
            using var sensor = Vl53L0xSensor.Open((openDevice ?? (() => DistanceComponent.OpenDevice(options)))(), options);
            return [new DeviceInfo("distance", options.DevicePath, sensor.Description) { Details = [$"reads {sensor.ReadMillimetres()} mm now"] }];
        }
        // Whatever the bus or the binding throws, the listing says it and goes on (as the daemon retries).
        catch (Exception e)
        {
            return [new DeviceInfo("distance", options.DevicePath, options.Describe()) { Details = [$"cannot open: {e.Message}"] }];
        }
    }

    private static System.Device.Gpio.GpioChipInfo DescribeGpioChip(string path)
    {
        using var driver = GpioBackend.Current.Open(Path.GetFileName(path));
        return driver.GetChipInfo();
    }

    private static unsafe string CString(byte* bytes, int max)
    {
        var span = new ReadOnlySpan<byte>(bytes, max);
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]).Trim();
    }

    private static IEnumerable<string> Glob(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir, pattern).Order(StringComparer.Ordinal) : [];

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
