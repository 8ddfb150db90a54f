using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// When the cascade escalates to tier 2 (full fusion). Documented in docs/cascade.md; read from <c>Cascade:Escalation</c>.
/// </summary>
public sealed record EscalationOptions
{
    /// <summary>Lower edge of the uncertainty band on tier-1 confidences (face score, speech probability).</summary>
    public double UncertainLow { get; init; } = 0.35;

    /// <summary>Upper edge of the uncertainty band.</summary>
    public double UncertainHigh { get; init; } = 0.65;

    /// <summary>Scene-signature distance (0–1) since the last full description that counts as a changed scene.</summary>
    public double SceneChange { get; init; } = 0.12;

    /// <summary>A full description is refreshed at least this often.</summary>
    public TimeSpan PeriodicRefresh { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Automatic escalations are at least this far apart (a user request is never held back).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While the tracker holds an unsettled object or text (seen once, or missing from the latest view), automatic
    /// escalations may come this soon after the last: the second look that settles it then lands where the always-full
    /// baseline's would, instead of a whole <see cref="MinInterval"/> later.
    /// </summary>
    public TimeSpan SettleInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Whether a new disagreement between modalities (speech with no face in view) escalates.</summary>
    public bool Disagreement { get; init; } = true;

    /// <summary>Reads <c>Cascade:Escalation</c>.</summary>
    public static EscalationOptions Read(ConfigSection section)
    {
        var options = new EscalationOptions
        {
            UncertainLow = section.GetDouble("UncertainLow", 0.35, 0, 1),
            UncertainHigh = section.GetDouble("UncertainHigh", 0.65, 0, 1),
            SceneChange = section.GetDouble("SceneChange", 0.12, 0.001, 1),
            PeriodicRefresh = section.GetDuration("PeriodicRefresh", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(250), TimeSpan.FromHours(1)),
            MinInterval = section.GetDuration("MinInterval", TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            SettleInterval = section.GetDuration("SettleInterval", TimeSpan.FromMilliseconds(400), TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            Disagreement = section.GetBool("Disagreement", true),
        };
        if (options.UncertainLow > options.UncertainHigh)
        {
            section.Error("UncertainLow", options.UncertainLow.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a value not above UncertainHigh (" + options.UncertainHigh.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
        }
        return options;
    }
}
