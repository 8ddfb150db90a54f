namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The fast path's progress: a count of the frames and audio hops it has finished and of the feed's passes (the feed
/// beats it on every pass, with work or idle, and wakes at least every second when idle), so paused or missing
/// sensors do not look wedged. A watchdog (systemd's <c>WatchdogSec</c>, a health check) reads it from any thread and
/// calls the pipeline wedged when it stops moving.
/// </summary>
/// <remarks>
/// Design: one writer, the fast-path thread (the feed's thread), which publishes each new count with Volatile.Write after the frame or
/// hop is done; readers use Volatile.Read. A single 64-bit field, so a read is never torn.
/// </remarks>
public sealed class FastPathHeartbeat
{
    private long _beats;

    /// <summary>Frames and audio hops the fast path has finished so far. Any thread.</summary>
    public long Beats => Volatile.Read(ref _beats);

    /// <summary>The fast path finished one frame or hop, or the feed one pass (fast-path thread only).</summary>
    internal void Beat() => Volatile.Write(ref _beats, _beats + 1); // single writer: the plain read of its own field is current
}
