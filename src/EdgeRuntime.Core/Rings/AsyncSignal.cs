using System.Threading.Tasks.Sources;

namespace EdgeRuntime.Core.Rings;

/// <summary>How a wait on an <see cref="AsyncSignal"/> ended.</summary>
public enum SignalWait
{
    /// <summary>The producer signalled.</summary>
    Signalled,

    /// <summary>The timeout passed first.</summary>
    TimedOut,
}

/// <summary>
/// An auto-reset signal with one asynchronous waiter, allocation-free: the producer calls <see cref="Set"/> after
/// publishing, the consumer re-checks its condition and awaits <see cref="WaitAsync"/> when it does not hold yet.
/// </summary>
/// <remarks>
/// A wake-up is never lost: <see cref="Set"/> with no waiter leaves the signal set, and the next wait returns at once.
/// A wake-up may be spurious (a set left over from data already consumed), so waiters always re-check their condition.
/// Timeouts run on the injected <see cref="TimeProvider"/> through one reusable timer.
/// </remarks>
public sealed class AsyncSignal : IValueTaskSource<SignalWait>, IDisposable
{
    // Design:
    // - _state is the only field both sides write, always by CompareExchange:
    //   Idle -> Set (producer, no waiter) -> Idle (consumer consumes it at the next wait);
    //   Idle -> Waiting (consumer) -> Completing (whoever wins: producer Set, timer, cancellation) -> Idle (consumer in GetResult).
    // - _core, _timer and _cancellation are touched by the consumer only, except _core.SetResult/SetException, which
    //   exactly one winner of the Waiting -> Completing exchange calls; the exchange orders it after the consumer's Reset.
    // - A Set that lands in Completing is dropped on purpose: the waiter wakes anyway and re-checks its condition.
    private const int Idle = 0;
    private const int IsSet = 1;
    private const int Waiting = 2;
    private const int Completing = 3;

    private readonly ITimer _timer;
    private ManualResetValueTaskSourceCore<SignalWait> _core;
    private CancellationTokenRegistration _cancellation;
    private int _state;

    /// <summary>Creates a signal whose timeouts are measured on <paramref name="time"/>.</summary>
    public AsyncSignal(TimeProvider time)
    {
        _core.RunContinuationsAsynchronously = true;
        _timer = time.CreateTimer(static s => ((AsyncSignal)s!).Complete(SignalWait.TimedOut), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Wakes the waiter, or leaves the signal set for the next wait. Safe from any thread.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, IsSet, Idle) == Idle)
                    {
                        return;
                    }
                    break;
                case Waiting:
                    Complete(SignalWait.Signalled);
                    return;
                default:
                    return; // already set, or the waiter is being woken
            }
        }
    }

    /// <summary>Waits until <see cref="Set"/> or <paramref name="timeout"/> (infinite allowed). One waiter at a time.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<SignalWait> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, Idle, IsSet) == IsSet)
        {
            return new ValueTask<SignalWait>(SignalWait.Signalled);
        }
        if (timeout == TimeSpan.Zero)
        {
            return new ValueTask<SignalWait>(SignalWait.TimedOut);
        }
        _core.Reset();
        var previous = Interlocked.CompareExchange(ref _state, Waiting, Idle);
        if (previous == IsSet)
        {
            Volatile.Write(ref _state, Idle); // consumed the set that raced in
            return new ValueTask<SignalWait>(SignalWait.Signalled);
        }
        if (previous != Idle)
        {
            throw new InvalidOperationException("AsyncSignal supports one waiter at a time");
        }
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (s, token) => ((AsyncSignal)s!).Cancel(token), this);
        }
        return new ValueTask<SignalWait>(this, _core.Version);
    }

    private void Complete(SignalWait result)
    {
        if (Interlocked.CompareExchange(ref _state, Completing, Waiting) == Waiting)
        {
            _core.SetResult(result);
        }
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Completing, Waiting) == Waiting)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }

    SignalWait IValueTaskSource<SignalWait>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            // Unregister without waiting: the callback, if running, only loses the Waiting -> Completing race.
            _cancellation.Unregister();
            _cancellation = default;
            Volatile.Write(ref _state, Idle);
        }
    }

    ValueTaskSourceStatus IValueTaskSource<SignalWait>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<SignalWait>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();
}
