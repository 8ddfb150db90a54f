using System.Device.Gpio;
using System.Globalization;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The configured GPIO chip and lines: with no line configured (all −1) it passes saying so; otherwise the chip opens
/// through the board's libgpiod (as <c>edge run</c> opens it) and every configured line can be requested as an input,
/// then is released at once (a line the running service holds reads as busy). The service's <c>edge</c> user must be in
/// group <c>gpio</c> where the system has one.
/// </summary>
internal sealed class GpioCheck(GpioOptions options, DoctorProbes probes, ServiceAccount account) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "gpio";

    /// <inheritdoc />
    public CheckResult Run()
    {
        if (!options.Enabled)
        {
            return CheckResult.Pass(Name, $"not configured (Gpio:ButtonLine, Gpio:PirLine and Gpio:LedLine are -1); {ChipListing()}");
        }
        var lines = Lines();
        GpioDriver driver;
        try
        {
            driver = probes.OpenGpio?.Invoke(options) ?? GpioBackend.Current.Open(options.Chip);
        }
        catch (IOException e)
        {
            return CheckResult.Fail(Name, $"Gpio:Chip '{options.Chip}' for {Describe(lines)}: {e.Message}",
                "set Gpio:Chip to a chip edge devices lists (gpiochip0 on a Raspberry Pi 4, gpiochip4 on a Pi 5), or set the lines to -1 if nothing is wired");
        }
        using (driver)
        using (var controller = new GpioController(driver))
        {
            foreach (var (key, line) in lines)
            {
                try
                {
                    // Requested as an input, which libgpiod grants only for a free line (an output line would be driven).
                    controller.OpenPin(line, PinMode.Input);
                    controller.ClosePin(line);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
                {
                    return CheckResult.Fail(Name, $"Gpio:{key} {line} on '{options.Chip}' cannot be requested: {e.Message}",
                        "check the line number (BCM numbering) and that no other program holds it (gpioinfo names each line's consumer; a running edge service holds its own lines)");
                }
            }
        }
        if (account.Missing("gpio") is { } missing)
        {
            return CheckResult.Fail(Name, $"'{options.Chip}' opens, but {missing.Wrong}", missing.Fix);
        }
        return CheckResult.Pass(Name, $"'{options.Chip}' opens and {Describe(lines)} can be requested ({account.Note("gpio")})");
    }

    private List<(string Key, int Line)> Lines()
    {
        var lines = new List<(string, int)>();
        if (options.ButtonLine >= 0)
        {
            lines.Add(("ButtonLine", options.ButtonLine));
        }
        if (options.PirLine >= 0)
        {
            lines.Add(("PirLine", options.PirLine));
        }
        if (options.LedLine >= 0)
        {
            lines.Add(("LedLine", options.LedLine));
        }
        return lines;
    }

    private static string Describe(List<(string Key, int Line)> lines) =>
        string.Join(", ", lines.Select(l => $"{l.Key} {l.Line.ToString(CultureInfo.InvariantCulture)}"));

    private string ChipListing()
    {
        var chips = Directory.Exists(probes.DevRoot) ? Directory.EnumerateFileSystemEntries(probes.DevRoot, "gpiochip*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
        return chips.Count == 0 ? "no GPIO chip on this machine (/dev/gpiochip* absent)" : "GPIO chips here: " + string.Join(", ", chips);
    }
}
