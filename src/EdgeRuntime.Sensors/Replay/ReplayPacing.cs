namespace EdgeRuntime.Sensors.Replay;

/// <summary>How a replayed file is fed to its ring.</summary>
public enum ReplayPacing
{
    /// <summary>At the file's own rate: each item is published when the clock reaches its timestamp.</summary>
    Realtime,

    /// <summary>As fast as the consumer takes it: nothing is dropped, timestamps still come from the file.</summary>
    AsFast,
}
