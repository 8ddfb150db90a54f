using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Description;

/// <summary>What a description may say (<c>Cascade:Description</c>); see docs/cascade.md, "What is said".</summary>
public sealed record DescriptionOptions
{
    /// <summary>
    /// Say only confirmed detections (<see cref="SpeakRule"/> with the catalog-calibrated <see cref="SpeakThresholds"/>);
    /// false says every detection in view, as before the rule (kept to measure the difference).
    /// </summary>
    public bool ConfirmedOnly { get; init; } = true;

    /// <summary>A floor over every calibrated threshold (0: the calibration alone), for a listener who wants fewer weak claims still.</summary>
    public double MinScore { get; init; }

    /// <summary>With two or more people in view, a speaker is named only when one face's mouth motion correlates with the voice this well...</summary>
    public double MouthCorrelation { get; init; } = 0.5;

    /// <summary>...and by this much more than any other face's.</summary>
    public double MouthMargin { get; init; } = 0.2;

    /// <summary>The thresholds the composer applies: the shipped calibration, raised to <see cref="MinScore"/>.</summary>
    public SpeakThresholds Thresholds => MinScore > 0 ? SpeakThresholds.Default.AtLeast((float)MinScore) : SpeakThresholds.Default;

    /// <summary>Reads <c>Cascade:Description</c>.</summary>
    public static DescriptionOptions Read(ConfigSection section) => new()
    {
        ConfirmedOnly = section.GetBool("ConfirmedOnly", true),
        MinScore = section.GetDouble("MinScore", 0, 0, 1),
        MouthCorrelation = section.GetDouble("MouthCorrelation", 0.5, 0, 1),
        MouthMargin = section.GetDouble("MouthMargin", 0.2, 0, 1),
    };
}
