using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// A push button: debounced presses and releases, a short press on release, and a long press once the button has been
/// held for the long-press time (then its release is not also a short press).
/// </summary>
public sealed class ButtonDetector(TimeSpan debounce, TimeSpan longPress) : IGpioDetector
{
    private readonly Debouncer _debouncer = new(debounce);
    private readonly long _longPressNs = longPress.Ticks * 100;
    private bool _longFired;

    /// <summary>Feeds a raw level (true: pressed).</summary>
    public void OnLevel(bool pressed, Timestamp at) => _debouncer.OnLevel(pressed, at);

    /// <summary>Evaluates at <paramref name="now"/>, adding what happened to <paramref name="events"/>.</summary>
    public void Poll(Timestamp now, ICollection<GpioEvent> events)
    {
        if (_debouncer.Poll(now))
        {
            if (_debouncer.Level)
            {
                _longFired = false;
                events.Add(new GpioEvent(GpioEventKind.ButtonPressed, _debouncer.Since, TimeSpan.Zero));
            }
            else
            {
                events.Add(new GpioEvent(GpioEventKind.ButtonReleased, _debouncer.Since, TimeSpan.Zero));
                if (!_longFired)
                {
                    events.Add(new GpioEvent(GpioEventKind.ShortPress, _debouncer.Since, _debouncer.Since - PressStart));
                }
            }
            if (_debouncer.Level)
            {
                PressStart = _debouncer.Since;
            }
        }
        if (_debouncer.Level && !_longFired && now.NanosecondsSince(PressStart) >= _longPressNs)
        {
            _longFired = true;
            events.Add(new GpioEvent(GpioEventKind.LongPress, PressStart, now - PressStart));
        }
    }

    /// <summary>The next time <see cref="Poll"/> has something to decide (null: only a new edge can change anything).</summary>
    public Timestamp? NextDeadline => _debouncer.PendingUntil ?? (_debouncer.Level && !_longFired ? PressStart.AddNanoseconds(_longPressNs) : null);

    private Timestamp PressStart { get; set; }
}
