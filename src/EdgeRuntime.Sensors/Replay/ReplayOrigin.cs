using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Replay;

/// <summary>
/// The monotonic time that file time 0 maps to, shared by the replay sources of one recording (its video and its
/// audio) so their timestamps line up. The first source to start fixes it; a held origin is fixed by its consumer
/// instead (<see cref="Start"/>), and the sources wait for that, so a recording starts playing when the cascade is
/// ready to take it (its models loaded) rather than into rings nobody reads yet.
/// </summary>
public sealed class ReplayOrigin
{
    // Design: _originNs is written once (CompareExchange from long.MinValue), by the first source or by Start; _started
    // completes once Start ran. Sources read both on their own threads; nothing else changes.
    private readonly TaskCompletionSource? _started;
    private long _originNs = long.MinValue;

    /// <summary>Creates an origin; when <paramref name="held"/>, sources wait in <see cref="WaitAsync"/> until <see cref="Start"/>.</summary>
    public ReplayOrigin(bool held = false)
    {
        _started = held ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    /// <summary>The origin; fixed to <paramref name="now"/> by the first caller.</summary>
    public Timestamp GetOrSet(Timestamp now)
    {
        var previous = Interlocked.CompareExchange(ref _originNs, now.Nanoseconds, long.MinValue);
        return new Timestamp(previous == long.MinValue ? now.Nanoseconds : previous);
    }

    /// <summary>Consumer: fixes the origin to <paramref name="now"/> (unless a source already did) and lets held sources play.</summary>
    public Timestamp Start(Timestamp now)
    {
        var origin = GetOrSet(now);
        _started?.TrySetResult();
        return origin;
    }

    /// <summary>Source: waits until the consumer started a held origin (returns at once otherwise), then gets the origin.</summary>
    public async ValueTask<Timestamp> WaitAsync(Timestamp now, CancellationToken cancellationToken)
    {
        if (_started is not null)
        {
            await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return GetOrSet(now);
    }
}
