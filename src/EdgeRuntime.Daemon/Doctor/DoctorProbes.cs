using System.Device.Gpio;
using System.Device.I2c;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// Where <c>edge doctor</c>'s checks look: the file system roots, the hardware openers and the service manager. The
/// defaults are this machine's real ones; a test replaces only what the machine lacks (a V4L2 device, a GPIO chip, an
/// I2C sensor) below the native call, or points a root at a folder it made, so the judging above runs for real.
/// </summary>
internal sealed record DoctorProbes
{
    /// <summary>Device nodes (<c>/dev</c>).</summary>
    public string DevRoot { get; init; } = "/dev";

    /// <summary>The kernel's process file system (<c>/proc</c>: ALSA's card list).</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>System configuration (<c>/etc</c>: passwd and group, for the <c>edge</c> user's groups).</summary>
    public string EtcRoot { get; init; } = "/etc";

    /// <summary>Opens a V4L2 node (the real ioctl wrapper by default).</summary>
    public Func<string, IVideoDevice> OpenVideo { get; init; } = path => V4l2Device.Open(path);

    /// <summary>Opens the configured GPIO chip's driver; null: System.Device.Gpio over the board's libgpiod.</summary>
    public Func<GpioOptions, GpioDriver>? OpenGpio { get; init; }

    /// <summary>Opens the distance sensor's I2C device; null: <c>/dev/i2c-N</c>.</summary>
    public Func<DistanceOptions, I2cDevice>? OpenI2c { get; init; }

    /// <summary>The user this process runs as.</summary>
    public string UserName { get; init; } = Environment.UserName;

    /// <summary>How long the broker gets to answer CONNECT.</summary>
    public TimeSpan BrokerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The service manager's command: a name searched on <c>PATH</c>, or a path.</summary>
    public string Systemctl { get; init; } = "systemctl";

    /// <summary>Present only when systemd is the running init (as <c>sd_booted(3)</c> tests).</summary>
    public string SystemdRunDir { get; init; } = "/run/systemd/system";

    /// <summary>Where packages and administrators install unit files.</summary>
    public IReadOnlyList<string> UnitDirs { get; init; } = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    /// <summary>How long <c>systemctl</c> gets to answer.</summary>
    public TimeSpan SystemctlTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Finds an executable on <c>PATH</c> (or an explicit path), as <c>/bin/sh</c> would run it; null when absent.</summary>
    public static string? FindExecutable(string name, string? path = null)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }
        foreach (var dir in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
