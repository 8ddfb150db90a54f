namespace EdgeRuntime.Sensors.Replay;

/// <summary>The configuration names of <see cref="ReplayPacing"/> (<c>Camera:Pacing</c>, <c>Audio:Pacing</c>).</summary>
public static class ReplayPacings
{
    /// <summary>The accepted names.</summary>
    public static readonly string[] Names = ["realtime", "realtime-lossless", "asfast"];

    /// <summary>The pacing a name (one of <see cref="Names"/>) selects.</summary>
    public static ReplayPacing Parse(string name) => name switch
    {
        "asfast" => ReplayPacing.AsFast,
        "realtime-lossless" => ReplayPacing.RealtimeLossless,
        _ => ReplayPacing.Realtime,
    };
}
