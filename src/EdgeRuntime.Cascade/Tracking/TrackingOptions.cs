using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Tracking;

/// <summary>
/// How tier-2 detections become objects "in view" (<c>Cascade:Tracking</c>), in the manner of Frigate's
/// <c>min_initialized</c>/<c>max_disappeared</c> but in sensor time, so a run that looks often (always-full) and one that
/// looks rarely (the cascade) report the same objects.
/// </summary>
public sealed record TrackingOptions
{
    /// <summary>A label is in view at once when a detection of it scores at least this.</summary>
    public double Confirm { get; init; } = 0.5;

    /// <summary>
    /// Text read at least this confidently is in view at once; below it, a second reading within <see cref="Hold"/> is
    /// needed (the recognizer reads texture as text at 0.6–0.9 now and then; a real sign reads above 0.9 frame after frame).
    /// </summary>
    public double TextConfirm { get; init; } = 0.9;

    /// <summary>A label seen only below <see cref="Confirm"/> is in view once seen in this many views within <see cref="Hold"/>.</summary>
    public int ConfirmViews { get; init; } = 2;

    /// <summary>
    /// A label in view that a view no longer shows stays this long (sensor time since it was last seen) before it
    /// leaves, unless the view changed beyond <see cref="ViewChange"/> since: one missed detection is not an exit.
    /// </summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Scene-signature distance (0–1) from where a label was last seen beyond which, missing, it leaves at once: the
    /// camera has panned away. A shot cut since the last sighting (<see cref="Gates.CutDetector"/>) has the same effect.
    /// </summary>
    public double ViewChange { get; init; } = 0.2;

    /// <summary>Reads <c>Cascade:Tracking</c>.</summary>
    public static TrackingOptions Read(ConfigSection section) => new()
    {
        Confirm = section.GetDouble("Confirm", 0.5, 0, 1),
        TextConfirm = section.GetDouble("TextConfirm", 0.9, 0, 1),
        ConfirmViews = section.GetInt("ConfirmViews", 2, 1, 10),
        Hold = section.GetDuration("Hold", TimeSpan.FromSeconds(1.5), TimeSpan.Zero, TimeSpan.FromMinutes(1)),
        ViewChange = section.GetDouble("ViewChange", 0.2, 0, 1),
    };
}
