using System.Runtime.CompilerServices;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Alignment;

/// <summary>
/// A stream's timestamp bound, MediaPipe style: the producer promises that nothing it publishes later is stamped
/// before <see cref="Value"/>. Consumers wait on the bound instead of on data, so a silent stream that keeps
/// advancing its bound never blocks the other, and a stream whose bound stops moving is detectably missing.
/// </summary>
public sealed class StreamBound : IDisposable
{
    // Design:
    // - _boundNs and _lastAdvanceTicks are written by the stream's single producer only. The producer writes
    //   _lastAdvanceTicks first and then publishes _boundNs with Volatile.Write, so a reader that sees a bound also
    //   sees an advance time at least as recent (readers only use it for the missing-stream timeout).
    // - _signal wakes the one consumer waiting for the bound to pass a point (the aligner).
    // - _consumer, when attached (Volatile.Write, once, by the consumer), is set after every advance the producer makes,
    //   moved or not (a ring publishes before it advances, so what it published is visible to whoever wakes), and on
    //   close: the live feed blocks on it instead of polling.
    // - _heldBack is written by the producer only (Volatile), around a wait for the consumer to make room; the monitor
    //   reads it. Ending a hold writes _lastAdvanceTicks first, so silence counts from the end of the hold.
    private readonly TimeProvider _time;
    private readonly AsyncSignal _signal;
    private long _boundNs = long.MinValue;
    private long _lastAdvanceTicks;
    private int _heldBack;
    private WakeSignal? _consumer;

    /// <summary>Creates the bound of the stream called <paramref name="name"/>; it starts at <see cref="Timestamp.MinValue"/>.</summary>
    public StreamBound(string name, TimeProvider time)
    {
        Name = name;
        _time = time;
        _signal = new AsyncSignal(time);
        _lastAdvanceTicks = time.GetTimestamp();
    }

    /// <summary>The stream's name in logs and events, e.g. <c>audio</c>.</summary>
    public string Name { get; }

    /// <summary>The bound: every later item is stamped at or after it. <see cref="Timestamp.MaxValue"/> once the stream ended.</summary>
    public Timestamp Value => new(Volatile.Read(ref _boundNs));

    /// <summary>True once the producer closed the stream.</summary>
    public bool IsClosed => Volatile.Read(ref _boundNs) == long.MaxValue;

    /// <summary>When (on the injected <see cref="TimeProvider"/>'s timestamp scale) the bound last moved.</summary>
    public long LastAdvanceTicks => Volatile.Read(ref _lastAdvanceTicks);

    /// <summary>
    /// True while the producer waits for the consumer to make room (a lossless replay ahead of a slow cascade): the
    /// stream has data and is not missing, however long its bound stands still.
    /// </summary>
    public bool IsHeldBack => Volatile.Read(ref _heldBack) != 0;

    /// <summary>Producer: starts waiting for the consumer (see <see cref="IsHeldBack"/>).</summary>
    public void HoldBack() => Volatile.Write(ref _heldBack, 1);

    /// <summary>Producer: the wait for the consumer is over; a silence from here on counts again.</summary>
    public void EndHoldBack()
    {
        Volatile.Write(ref _lastAdvanceTicks, _time.GetTimestamp());
        Volatile.Write(ref _heldBack, 0);
    }

    /// <summary>The time provider the advance times are read from.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// Consumer: <paramref name="wake"/> is set after each <see cref="Advance"/> and <see cref="Close"/> from now on
    /// (one consumer signal per bound; the rings advance their bound after every frame or block they publish).
    /// </summary>
    public void WakeOnAdvance(WakeSignal wake) => Volatile.Write(ref _consumer, wake);

    /// <summary>Producer: moves the bound forward to <paramref name="bound"/> (a bound never moves back).</summary>
    public void Advance(Timestamp bound)
    {
        if (bound.Nanoseconds <= _boundNs)
        {
            Volatile.Read(ref _consumer)?.Set(); // the ring published something all the same
            return;
        }
        Volatile.Write(ref _lastAdvanceTicks, _time.GetTimestamp());
        Volatile.Write(ref _boundNs, bound.Nanoseconds); // publishes the bound after the advance time
        _signal.Set();
        Volatile.Read(ref _consumer)?.Set();
    }

    /// <summary>Producer: the stream ended; the bound becomes <see cref="Timestamp.MaxValue"/> and waiters wake.</summary>
    public void Close() => Advance(Timestamp.MaxValue);

    /// <summary>Consumer: waits until the bound exceeds <paramref name="target"/> or <paramref name="timeout"/> passes.</summary>
    /// <returns>True when the bound passed the target.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no allocation per wait
    public async ValueTask<bool> WaitPastAsync(Timestamp target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        while (Value <= target)
        {
            var remaining = deadline - _time.GetTimestamp();
            if (remaining <= 0)
            {
                return false;
            }
            await _signal.WaitAsync(TimeSpan.FromSeconds(remaining / (double)_time.TimestampFrequency), cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Consumer: waits for the next advance (or <paramref name="timeout"/>); spurious wake-ups happen, so re-check.</summary>
    public ValueTask<SignalWait> WaitForAdvanceAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _signal.Dispose();
}
