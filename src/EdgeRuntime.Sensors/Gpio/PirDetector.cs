using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// A PIR motion sensor: motion starts on a debounced high, and ends only after the output stayed low for the hold
/// time (PIR modules drop briefly between retriggers).
/// </summary>
public sealed class PirDetector(TimeSpan debounce, TimeSpan hold) : IGpioDetector
{
    private readonly Debouncer _debouncer = new(debounce);
    private readonly long _holdNs = hold.Ticks * 100;
    private bool _motion;
    private Timestamp _motionStart;

    /// <summary>True while motion is reported.</summary>
    public bool Motion => _motion;

    /// <summary>Feeds a raw level (true: motion detected).</summary>
    public void OnLevel(bool high, Timestamp at) => _debouncer.OnLevel(high, at);

    /// <summary>Evaluates at <paramref name="now"/>, adding what happened to <paramref name="events"/>.</summary>
    public void Poll(Timestamp now, ICollection<GpioEvent> events)
    {
        _debouncer.Poll(now);
        if (_debouncer.Level && !_motion)
        {
            _motion = true;
            _motionStart = _debouncer.Since;
            events.Add(new GpioEvent(GpioEventKind.MotionStarted, _motionStart, TimeSpan.Zero));
        }
        else if (!_debouncer.Level && _motion && now.NanosecondsSince(_debouncer.Since) >= _holdNs)
        {
            _motion = false;
            events.Add(new GpioEvent(GpioEventKind.MotionEnded, _debouncer.Since, _debouncer.Since - _motionStart));
        }
    }

    /// <summary>The next time <see cref="Poll"/> has something to decide.</summary>
    public Timestamp? NextDeadline => _debouncer.PendingUntil ?? (_motion && !_debouncer.Level ? _debouncer.Since.AddNanoseconds(_holdNs) : null);
}
