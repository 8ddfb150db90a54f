namespace EdgeRuntime.Cascade.Policy;

/// <summary>Why tier 2 ran (or <see cref="None"/>: it did not). Several reasons can hold at once.</summary>
[Flags]
public enum EscalationReason
{
    /// <summary>No escalation.</summary>
    None = 0,

    /// <summary>No full description yet.</summary>
    Startup = 1,

    /// <summary>
    /// A confidence is uncertain: the speech probability inside the band, a face below the confirmation score, or an
    /// object tier 2 saw once below its confirmation score (a second look confirms or dismisses it).
    /// </summary>
    Uncertain = 2,

    /// <summary>The modalities disagree: speech is heard and no face is in view (newly).</summary>
    Disagreement = 4,

    /// <summary>The view changed beyond the threshold, or the number of faces changed, since the last full description.</summary>
    SceneChange = 8,

    /// <summary>The user asked (GPIO button, MQTT command, CLI).</summary>
    UserRequest = 16,

    /// <summary>The periodic refresh was due.</summary>
    Periodic = 32,

    /// <summary>The cascade is configured to run tier 2 on every frame (the always-full baseline of <c>edge eval</c>).</summary>
    AlwaysFull = 64,

    /// <summary>
    /// The user asked to read text (always with <see cref="UserRequest"/>): tier 2 reads the whole frame at full
    /// resolution and answers with the lines read, or says why there are none.
    /// </summary>
    ReadText = 128,
}

/// <summary>Short lowercase names for events and reports.</summary>
public static class EscalationReasonNames
{
    private static readonly (EscalationReason Flag, string Name)[] Names =
    [
        (EscalationReason.UserRequest, "user"), (EscalationReason.ReadText, "read_text"), (EscalationReason.Startup, "startup"), (EscalationReason.SceneChange, "scene_change"),
        (EscalationReason.Disagreement, "disagreement"), (EscalationReason.Uncertain, "uncertain"), (EscalationReason.Periodic, "periodic"),
        (EscalationReason.AlwaysFull, "always_full"),
    ];

    /// <summary>Every reason's name, most important first (empty for None).</summary>
    public static string[] All(EscalationReason reason) => Names.Where(n => (reason & n.Flag) != 0).Select(n => n.Name).ToArray();

    /// <summary>The most important reason's name (user first), or <c>none</c>.</summary>
    public static string Primary(EscalationReason reason)
    {
        foreach (var (flag, name) in Names)
        {
            if ((reason & flag) != 0)
            {
                return name;
            }
        }
        return "none";
    }
}
