using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>GPIO wiring (section <c>Gpio</c>); a line of −1 is not connected.</summary>
/// <remarks>Example (Raspberry Pi): <c>{ "Gpio": { "Chip": "gpiochip0", "ButtonLine": 17, "PirLine": 27, "LedLine": 22 } }</c>.</remarks>
public sealed record GpioOptions
{
    /// <summary>The chip: a name (<c>gpiochip0</c>), a path (<c>/dev/gpiochip0</c>), a label or a number.</summary>
    public string Chip { get; init; } = "gpiochip0";

    /// <summary>The push button's line offset, or −1.</summary>
    public int ButtonLine { get; init; } = -1;

    /// <summary>True when the button pulls the line low when pressed (the usual wiring with a pull-up).</summary>
    public bool ButtonActiveLow { get; init; } = true;

    /// <summary>The PIR motion sensor's line offset, or −1.</summary>
    public int PirLine { get; init; } = -1;

    /// <summary>The status LED's line offset, or −1.</summary>
    public int LedLine { get; init; } = -1;

    /// <summary>A level must hold this long to count (contact bounce is shorter).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>A press held this long is a long press.</summary>
    public TimeSpan LongPress { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Motion is reported ended only after the PIR output stayed low this long.</summary>
    public TimeSpan PirHold { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The consumer name the kernel shows for our lines.</summary>
    public string Consumer { get; init; } = "edge";

    /// <summary>The first wait before opening a chip that failed again (doubling up to <see cref="RetryMax"/>).</summary>
    public TimeSpan RetryMin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts to open the chip.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when any line is connected.</summary>
    public bool Enabled => ButtonLine >= 0 || PirLine >= 0 || LedLine >= 0;

    /// <summary>Reads and checks the section; errors are recorded on the reader.</summary>
    public static GpioOptions Read(ConfigSection section)
    {
        var options = new GpioOptions
        {
            Chip = section.GetString("Chip", "gpiochip0"),
            ButtonLine = section.GetInt("ButtonLine", -1, -1, 1023),
            ButtonActiveLow = section.GetBool("ButtonActiveLow", true),
            PirLine = section.GetInt("PirLine", -1, -1, 1023),
            LedLine = section.GetInt("LedLine", -1, -1, 1023),
            Debounce = section.GetDuration("Debounce", TimeSpan.FromMilliseconds(30), TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            LongPress = section.GetDuration("LongPress", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)),
            PirHold = section.GetDuration("PirHold", TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            Consumer = section.GetString("Consumer", "edge"),
        };
        int[] lines = [options.ButtonLine, options.PirLine, options.LedLine];
        if (lines.Where(l => l >= 0).GroupBy(l => l).Any(g => g.Count() > 1))
        {
            section.Error("LedLine", options.LedLine.ToString(System.Globalization.CultureInfo.InvariantCulture), "a line not used by another function (ButtonLine, PirLine and LedLine must differ)");
        }
        return options;
    }
}
