namespace EdgeRuntime.Sensors.Devices;

/// <summary>A device found on this machine.</summary>
public sealed record DeviceInfo(string Kind, string Path, string Description);

/// <summary>
/// Lists the capture hardware a deployment can use: V4L2 video nodes, ALSA capture PCMs and GPIO chips.
/// The roots are parameters so tests can point them at a fake tree.
/// </summary>
public sealed class DeviceInventory(string devRoot = "/dev", string procRoot = "/proc", string sysRoot = "/sys")
{
    /// <summary>V4L2 video nodes (<c>/dev/video*</c>) with the driver's card name from sysfs.</summary>
    public IReadOnlyList<DeviceInfo> Cameras() =>
        Glob(devRoot, "video*")
            .Select(p => new DeviceInfo("camera", p, ReadTrimmed(Path.Combine(sysRoot, "class", "video4linux", Path.GetFileName(p), "name")) ?? "V4L2 device"))
            .ToArray();

    /// <summary>ALSA capture PCMs from <c>/proc/asound/pcm</c> (lines that mention "capture").</summary>
    public IReadOnlyList<DeviceInfo> AudioCaptureDevices()
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

    /// <summary>GPIO character devices (<c>/dev/gpiochip*</c>) with their label from sysfs.</summary>
    public IReadOnlyList<DeviceInfo> GpioChips() =>
        Glob(devRoot, "gpiochip*")
            .Select(p => new DeviceInfo("gpio", p, ReadTrimmed(Path.Combine(sysRoot, "bus", "gpio", "devices", Path.GetFileName(p), "label")) ?? "GPIO chip"))
            .ToArray();

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
