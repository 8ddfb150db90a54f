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

    /// <summary>
    /// A label seen only below <see cref="Confirm"/> is in view once seen in this many views, each within
    /// <see cref="Hold"/> of the one before, and in at least <see cref="ConfirmFraction"/> of the views taken since its
    /// first sighting.
    /// </summary>
    public int ConfirmViews { get; init; } = 3;

    /// <summary>
    /// The share of views since a weak label's first sighting that must show it before it is in view. A count alone
    /// depends on how often tier 2 looks: a detector that finds a "remote" in one frame of five confirms it within a
    /// second when it looks at every frame it can, and hardly ever when it looks once a second. A share is what both
    /// estimate, so both reach the same verdict about a label that is really there and the same about flicker.
    /// </summary>
    public double ConfirmFraction { get; init; } = 0.34;

    /// <summary>
    /// A label in view that a view no longer shows stays this long (sensor time since it was last seen) before it
    /// leaves, unless the view changed beyond <see cref="ViewChange"/> since: one missed detection is not an exit.
    /// Frigate's <c>max_disappeared</c> is 5 s; 3 s outlasts a weak detection's gaps on the evaluation set, so an
    /// object the detector sees in every other frame is one event, not several, and its exit is still stamped at the
    /// first view that missed it.
    /// </summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Scene-signature distance (0–1) from where a label was last seen beyond which, missing, it leaves at once: the
    /// camera has panned away. A shot cut since the last sighting (<see cref="Gates.CutDetector"/>) has the same effect.
    /// </summary>
    public double ViewChange { get; init; } = 0.2;

    /// <summary>
    /// A new view (the first, and each after a shot cut) counts as unsettled until tier 2 has looked at it this many
    /// times, the look at the cut included: one look at a new view is one sample of a detector that finds a weak object
    /// in some frames and not others, and the policy takes the next looks at its settle rate. With one look, a weak
    /// object in the new view was found only by the periodic and scene-change looks, a second or more later than the
    /// always-full baseline found it.
    /// </summary>
    public int NewViewLooks { get; init; } = 3;

    /// <summary>Reads <c>Cascade:Tracking</c>.</summary>
    public static TrackingOptions Read(ConfigSection section) => new()
    {
        Confirm = section.GetDouble("Confirm", 0.5, 0, 1),
        TextConfirm = section.GetDouble("TextConfirm", 0.9, 0, 1),
        ConfirmViews = section.GetInt("ConfirmViews", 3, 1, 10),
        ConfirmFraction = section.GetDouble("ConfirmFraction", 0.34, 0, 1),
        Hold = section.GetDuration("Hold", TimeSpan.FromSeconds(3), TimeSpan.Zero, TimeSpan.FromMinutes(1)),
        ViewChange = section.GetDouble("ViewChange", 0.2, 0, 1),
        NewViewLooks = section.GetInt("NewViewLooks", 3, 1, 100),
    };
}
