using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>Debounced logic over one input line: fed raw levels, polled for events.</summary>
public interface IGpioDetector
{
    /// <summary>Feeds a raw level seen at <paramref name="at"/>.</summary>
    void OnLevel(bool level, Timestamp at);

    /// <summary>Evaluates at <paramref name="now"/>, adding events to <paramref name="events"/>.</summary>
    void Poll(Timestamp now, ICollection<GpioEvent> events);

    /// <summary>When the next decision falls due without a new edge (null: none).</summary>
    Timestamp? NextDeadline { get; }
}
