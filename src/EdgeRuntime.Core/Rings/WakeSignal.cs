namespace EdgeRuntime.Core.Rings;

/// <summary>
/// Wakes one consumer thread that blocks until any of several producers published something (a frame, an audio block,
/// a stream event) or a deadline on the injected <see cref="TimeProvider"/> passed. Producers call <see cref="Set"/>
/// after publishing; the consumer re-checks what it waits for and calls <see cref="Wait"/> when nothing is ready.
/// </summary>
/// <remarks>
/// Bounded: any number of sets before the next wait collapse into one wake-up, so a burst of frames costs the consumer
/// one pass, and a set is never lost (a set with nobody waiting is kept for the next wait). Nothing is allocated per
/// set or per wait: one reusable timer measures timeouts, on the injected clock, so a test with a manual clock decides
/// when a timeout comes.
/// </remarks>
public sealed class WakeSignal : IDisposable
{
    // Design:
    // - _gate guards _set, _expired and _waiting; Set, the timer's callback and Wait take it, and Monitor.Pulse under it
    //   wakes the one waiter. A producer's data is published before it calls Set, and the waiter reads it after Wait
    //   returned (the lock orders both), so a woken consumer always sees what woke it.
    // - _set is the only state a producer changes: false -> true. The consumer turns it back to false when its wait
    //   returns, and counts that return in _wakeUps (read by anyone with Volatile.Read).
    // - The timer is armed and disarmed by the waiter only. A callback that fires after its wait ended sets _expired
    //   only while someone waits, so at worst it ends a later wait early, which the waiter treats as a timeout and
    //   re-checks like any other.
    private readonly object _gate = new(); // a Monitor, for Wait and Pulse
    private readonly ITimer _timer;
    private bool _set;
    private bool _expired;
    private bool _waiting;
    private long _wakeUps;
    private long _timeouts;

    /// <summary>Creates a signal whose timeouts run on <paramref name="time"/>.</summary>
    public WakeSignal(TimeProvider time)
    {
        _timer = time.CreateTimer(static s => ((WakeSignal)s!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waits that ended because a producer called <see cref="Set"/>.</summary>
    public long WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>Waits that ended by their timeout.</summary>
    public long Timeouts => Volatile.Read(ref _timeouts);

    /// <summary>True while the consumer is blocked in <see cref="Wait"/>.</summary>
    public bool IsWaiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>Producer (any thread): something was published; wakes the waiter, or the next wait returns at once.</summary>
    public void Set()
    {
        lock (_gate)
        {
            if (_set)
            {
                return;
            }
            _set = true;
            if (_waiting)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// Consumer (one thread): blocks until <see cref="Set"/>, until <paramref name="timeout"/> passed on the injected
    /// clock (<see cref="Timeout.InfiniteTimeSpan"/>: no timeout; zero or less: does not block). To end a wait on
    /// cancellation, register <see cref="Set"/> on the token once, outside the loop.
    /// </summary>
    /// <returns>True when a set ended the wait; false on timeout.</returns>
    public bool Wait(TimeSpan timeout)
    {
        lock (_gate)
        {
            var infinite = timeout == Timeout.InfiniteTimeSpan;
            if (!_set && (infinite || timeout > TimeSpan.Zero))
            {
                _expired = false;
                _waiting = true;
                if (!infinite)
                {
                    _timer.Change(timeout, Timeout.InfiniteTimeSpan);
                }
                while (!_set && !_expired)
                {
                    Monitor.Wait(_gate);
                }
                _waiting = false;
                if (!infinite)
                {
                    _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
            var signalled = _set;
            _set = false;
            if (signalled)
            {
                Volatile.Write(ref _wakeUps, _wakeUps + 1);
            }
            else
            {
                Volatile.Write(ref _timeouts, _timeouts + 1);
            }
            return signalled;
        }
    }

    private void Expire()
    {
        lock (_gate)
        {
            if (_waiting)
            {
                _expired = true;
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();
}
