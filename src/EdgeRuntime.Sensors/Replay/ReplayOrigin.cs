using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Replay;

/// <summary>
/// The monotonic time that file time 0 maps to, shared by the replay sources of one recording (its video and its
/// audio) so their timestamps line up. The first source to start fixes it. A held origin is fixed by its consumer
/// instead (<see cref="Start"/>): each source primes itself (the camera decodes its first frame), says it is ready, and
/// waits; the consumer waits for every source to be ready and starts the recording when it is itself ready to take
/// it (the cascade, once its models are loaded), so neither slow start-up (ffmpeg on a loaded board) nor model loading
/// looks like a stream that stopped.
/// </summary>
public sealed class ReplayOrigin
{
    // Design: _originNs is written once (CompareExchange from long.MinValue), by the first source or by Start.
    // _expected is counted up by SensorRig.Create before any source runs, and _ready down by each source (Interlocked);
    // the source that brings it to zero completes _allReady. _started completes once Start ran. Sources and the
    // consumer read these on their own threads; nothing else changes them.
    private readonly TaskCompletionSource? _started;
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _originNs = long.MinValue;
    private int _pending;

    /// <summary>Creates an origin; when <paramref name="held"/>, sources wait in <see cref="WaitAsync"/> until <see cref="Start"/>.</summary>
    public ReplayOrigin(bool held = false)
    {
        _started = held ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    /// <summary>True when sources wait for <see cref="Start"/>.</summary>
    public bool IsHeld => _started is not null;

    /// <summary>Builder, before the sources run: one more source will call <see cref="SetReady"/>.</summary>
    public void Expect() => Interlocked.Increment(ref _pending);

    /// <summary>Source, once: primed (or failed: call it then too, so the consumer is never kept waiting by a dead source).</summary>
    public void SetReady()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _allReady.TrySetResult();
        }
    }

    /// <summary>Consumer: completes once every expected source is ready.</summary>
    public Task Ready => Volatile.Read(ref _pending) <= 0 ? Task.CompletedTask : _allReady.Task;

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
    public async ValueTask<Timestamp> WaitAsync(Func<Timestamp> now, CancellationToken cancellationToken)
    {
        if (_started is not null)
        {
            await _started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return GetOrSet(now());
    }
}
