using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// Runs one input's detector: every level change is fed in as it arrives and decided at once; a timer of the injected
/// <see cref="TimeProvider"/> wakes the detector at its next deadline (debounce settling, long press, PIR hold), so no
/// thread polls and a manual clock drives it in tests.
/// </summary>
/// <remarks>
/// Design: the driver's event thread calls <see cref="OnLevel"/>, the timer thread calls the deadline callback; both
/// take <c>_gate</c>, which guards the detector, the scratch list and the timer's schedule.
/// The emit callback is called under the lock, in order, and must not block.
/// </remarks>
public sealed class GpioInputWatcher : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IGpioDetector _detector;
    private readonly TimeProvider _time;
    private readonly Action<GpioEvent> _emit;
    private readonly ITimer _timer;
    private readonly List<GpioEvent> _events = new(4);
    private bool _disposed;

    /// <summary>Watches with <paramref name="detector"/>; call <see cref="OnLevel"/> with the initial level first.</summary>
    public GpioInputWatcher(IGpioDetector detector, TimeProvider time, Action<GpioEvent> emit)
    {
        _detector = detector;
        _time = time;
        _emit = emit;
        _timer = time.CreateTimer(static s => ((GpioInputWatcher)s!).OnDeadline(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A raw level seen at <paramref name="at"/>.</summary>
    public void OnLevel(bool level, Timestamp at)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _detector.OnLevel(level, at);
            EvaluateLocked();
        }
    }

    private void OnDeadline()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                EvaluateLocked();
            }
        }
    }

    private void EvaluateLocked()
    {
        var now = Timestamp.Now(_time);
        _detector.Poll(now, _events);
        foreach (var e in _events)
        {
            _emit(e);
        }
        _events.Clear();
        var due = _detector.NextDeadline is { } next ? TimeSpan.FromTicks(Math.Max(0, next.NanosecondsSince(now) / 100)) : Timeout.InfiniteTimeSpan;
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the timer; later levels are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
        }
    }
}
