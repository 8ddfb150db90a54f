using System.Globalization;
using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Sensors.Distance;

/// <summary>The obstacle-distance sensor (section <c>Distance</c>): a VL53L0X time-of-flight sensor on I2C.</summary>
/// <remarks>
/// Example (Raspberry Pi, sensor on the header's I2C pins): <c>{ "Distance": { "Enabled": true, "Bus": 1, "Address": "0x29" } }</c>.
/// An obstacle is reported when something is closer than <see cref="ObstacleEnter"/> and ends only when it is farther
/// than <see cref="ObstacleLeave"/> (hysteresis); it is spoken on arrival, again after <see cref="RepeatAfter"/> while
/// it stays, and sooner only when it came <see cref="CloserBy"/> closer than when last spoken.
/// </remarks>
public sealed record DistanceOptions
{
    /// <summary>The models the binding drives.</summary>
    public static readonly string[] Models = ["vl53l0x"];

    /// <summary>Read the sensor at all.</summary>
    public bool Enabled { get; init; }

    /// <summary>The sensor's name: the <c>source</c> of its events and state.</summary>
    public string Name { get; init; } = "front";

    /// <summary>The I2C bus number (<c>/dev/i2c-N</c>; 1 on a Raspberry Pi's header).</summary>
    public int Bus { get; init; } = 1;

    /// <summary>The 7-bit I2C address (the VL53L0X answers on 0x29 after power-up).</summary>
    public int Address { get; init; } = 0x29;

    /// <summary>The sensor model (<see cref="Models"/>).</summary>
    public string Model { get; init; } = "vl53l0x";

    /// <summary>How often the distance is read.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Readings at or beyond this (millimetres) mean nothing in range.</summary>
    public int MaxRange { get; init; } = 2000;

    /// <summary>An obstacle arrives when a reading is this close or closer (millimetres).</summary>
    public int ObstacleEnter { get; init; } = 1000;

    /// <summary>A reported obstacle ends when a reading is farther than this (millimetres; above <see cref="ObstacleEnter"/>).</summary>
    public int ObstacleLeave { get; init; } = 1200;

    /// <summary>An obstacle is not spoken again within this time (of when it was last spoken)...</summary>
    public TimeSpan RepeatAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>...unless it came at least this much closer (millimetres) than when it was last spoken.</summary>
    public int CloserBy { get; init; } = 300;

    /// <summary><c>&lt;prefix&gt;/distance</c> is published when the reading moved by at least this (millimetres), or the state changed.</summary>
    public int ReportStep { get; init; } = 50;

    /// <summary>Speak obstacles (when speech is enabled).</summary>
    public bool Speak { get; init; } = true;

    /// <summary>The first wait before opening a failed sensor again (doubling up to <see cref="RetryMax"/>).</summary>
    public TimeSpan RetryMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts to open the sensor.</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The device node, e.g. <c>/dev/i2c-1</c>.</summary>
    public string DevicePath => $"/dev/i2c-{Bus.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>For logs and <c>edge devices</c>, e.g. <c>VL53L0X at 0x29 on /dev/i2c-1</c>.</summary>
    public string Describe() => $"{Model.ToUpperInvariant()} at 0x{Address:x2} on {DevicePath}";

    /// <summary>Reads and checks the section; errors are recorded on the reader, naming the key.</summary>
    public static DistanceOptions Read(ConfigSection section)
    {
        var options = new DistanceOptions
        {
            Enabled = section.GetBool("Enabled", false),
            Name = section.GetString("Name", "front", required: true),
            Bus = section.GetInt("Bus", 1, 0, 255),
            Address = ReadAddress(section),
            Model = section.GetChoice("Model", "vl53l0x", Models),
            Interval = section.GetDuration("Interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)),
            MaxRange = section.GetInt("MaxRange", 2000, 100, 8190),
            ObstacleEnter = section.GetInt("ObstacleEnter", 1000, 30, 8000),
            ObstacleLeave = section.GetInt("ObstacleLeave", 1200, 30, 8190),
            RepeatAfter = section.GetDuration("RepeatAfter", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            CloserBy = section.GetInt("CloserBy", 300, 10, 8000),
            ReportStep = section.GetInt("ReportStep", 50, 1, 8000),
            Speak = section.GetBool("Speak", true),
        };
        if (options.ObstacleLeave <= options.ObstacleEnter)
        {
            section.Error("ObstacleLeave", options.ObstacleLeave.ToString(CultureInfo.InvariantCulture),
                $"more than Distance:ObstacleEnter ({options.ObstacleEnter.ToString(CultureInfo.InvariantCulture)} mm), so an obstacle at the edge does not come and go");
        }
        else if (options.ObstacleLeave >= options.MaxRange)
        {
            section.Error("ObstacleLeave", options.ObstacleLeave.ToString(CultureInfo.InvariantCulture),
                $"less than Distance:MaxRange ({options.MaxRange.ToString(CultureInfo.InvariantCulture)} mm), the farthest reading that counts");
        }
        return options;
    }

    // 0x29 or 41: I2C addresses are written in hex on datasheets and in i2cdetect's table.
    private static int ReadAddress(ConfigSection section)
    {
        var raw = section.GetString("Address", "0x29").Trim();
        var hex = raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (int.TryParse(hex ? raw[2..] : raw, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var address)
            && address is >= 0x08 and <= 0x77)
        {
            return address;
        }
        section.Error("Address", raw, "a 7-bit I2C address from 0x08 to 0x77 (e.g. 0x29)");
        return 0x29;
    }
}
