namespace EdgeRuntime.Cascade.Live;

/// <summary>What one <see cref="SensorRigFeed.Poll"/> did.</summary>
public enum FeedProgress
{
    /// <summary>It fed something (or took a frame to hold); poll again at once.</summary>
    Progressed,

    /// <summary>Nothing to do until a stream advances or time passes (a held frame's audio is still due).</summary>
    Waiting,

    /// <summary>Both streams ended and everything they delivered was fed.</summary>
    Ended,
}
