using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Replay;

/// <summary>
/// The monotonic time that file time 0 maps to, shared by the replay sources of one recording (its video and its
/// audio) so their timestamps line up. The first source to start fixes it.
/// </summary>
public sealed class ReplayOrigin
{
    private long _originNs = long.MinValue;

    /// <summary>The origin; fixed to <paramref name="now"/> by the first caller.</summary>
    public Timestamp GetOrSet(Timestamp now)
    {
        var previous = Interlocked.CompareExchange(ref _originNs, now.Nanoseconds, long.MinValue);
        return new Timestamp(previous == long.MinValue ? now.Nanoseconds : previous);
    }
}
