using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>What a GPIO input did.</summary>
public enum GpioEventKind
{
    /// <summary>The button went down (debounced).</summary>
    ButtonPressed,

    /// <summary>The button came up (debounced).</summary>
    ButtonReleased,

    /// <summary>A press released before the long-press time.</summary>
    ShortPress,

    /// <summary>A press held for the long-press time (reported while still held, once).</summary>
    LongPress,

    /// <summary>The PIR sensor saw motion.</summary>
    MotionStarted,

    /// <summary>The PIR output stayed low for the hold time.</summary>
    MotionEnded,
}

/// <summary>A debounced GPIO event.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="At">When the underlying edge happened (monotonic).</param>
/// <param name="Duration">How long the press or the motion lasted (zero for starts).</param>
public readonly record struct GpioEvent(GpioEventKind Kind, Timestamp At, TimeSpan Duration);
