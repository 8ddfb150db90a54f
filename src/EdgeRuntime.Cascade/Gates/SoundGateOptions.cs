using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>Sound level gate settings.</summary>
public sealed record SoundGateOptions
{
    /// <summary>The gate never opens below this level, dBFS (a full-scale sine is −3 dBFS).</summary>
    public double OpenAboveDbfs { get; init; } = -50;

    /// <summary>Margin above the tracked noise floor a hop must reach to open the gate, dB.</summary>
    public double MarginDb { get; init; } = 9;

    /// <summary>How fast the tracked noise floor may rise, dB per second (it falls at once to a quieter hop).</summary>
    public double FloorRiseDbPerSecond { get; init; } = 3;

    /// <summary>How long the gate stays open after the last loud hop (bridges the gaps between words).</summary>
    public TimeSpan Hangover { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Reads <c>Cascade:Sound</c>.</summary>
    public static SoundGateOptions Read(ConfigSection section) => new()
    {
        OpenAboveDbfs = section.GetDouble("OpenAboveDbfs", -50, -120, 0),
        MarginDb = section.GetDouble("MarginDb", 9, 0, 60),
        FloorRiseDbPerSecond = section.GetDouble("FloorRiseDbPerSecond", 3, 0.01, 100),
        Hangover = section.GetDuration("Hangover", TimeSpan.FromMilliseconds(300), TimeSpan.Zero, TimeSpan.FromSeconds(5)),
    };
}
