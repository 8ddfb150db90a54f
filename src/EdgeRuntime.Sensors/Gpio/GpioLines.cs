using System.Device.Gpio;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// An input pin of a System.Device.Gpio <see cref="GpioController"/> reporting both edges as levels (true: active,
/// after active-low inversion), stamped on arrival with the injected clock (the controller's callbacks carry no kernel
/// timestamp).
/// </summary>
/// <remarks>Callbacks arrive on the driver's event thread, so the level callback must be thread-safe.</remarks>
public sealed class GpioInputLine : IDisposable
{
    private readonly GpioController _controller;
    private readonly bool _activeLow;
    private readonly TimeProvider _time;
    private readonly Action<bool, Timestamp> _onLevel;
    private readonly PinChangeEventHandler _handler;

    /// <summary>Opens <paramref name="pin"/> as an input (with the pull-up when asked) and subscribes to both edges.</summary>
    public GpioInputLine(GpioController controller, int pin, bool activeLow, bool pullUp, TimeProvider time, Action<bool, Timestamp> onLevel)
    {
        _controller = controller;
        _activeLow = activeLow;
        _time = time;
        _onLevel = onLevel;
        Pin = pin;
        _handler = OnChanged;
        controller.OpenPin(pin, pullUp ? PinMode.InputPullUp : PinMode.Input);
        controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, _handler);
    }

    /// <summary>The line offset.</summary>
    public int Pin { get; }

    /// <summary>The current level (true: active).</summary>
    public bool Read() => (_controller.Read(Pin) == PinValue.High) != _activeLow;

    private void OnChanged(object sender, PinValueChangedEventArgs e) =>
        _onLevel((e.ChangeType == PinEventTypes.Rising) != _activeLow, Timestamp.Now(_time));

    /// <summary>Unsubscribes and releases the line.</summary>
    public void Dispose()
    {
        _controller.UnregisterCallbackForPinValueChangedEvent(Pin, _handler);
        _controller.ClosePin(Pin);
    }
}

/// <summary>An output pin of a <see cref="GpioController"/>, starting low.</summary>
public sealed class GpioOutputLine : IDisposable
{
    private readonly GpioController _controller;

    /// <summary>Opens <paramref name="pin"/> as an output, initially low.</summary>
    public GpioOutputLine(GpioController controller, int pin)
    {
        _controller = controller;
        Pin = pin;
        controller.OpenPin(pin, PinMode.Output, PinValue.Low);
    }

    /// <summary>The line offset.</summary>
    public int Pin { get; }

    /// <summary>Drives the line (true: high).</summary>
    public void Write(bool on) => _controller.Write(Pin, on ? PinValue.High : PinValue.Low);

    /// <summary>Drives it low and releases it.</summary>
    public void Dispose()
    {
        _controller.Write(Pin, PinValue.Low);
        _controller.ClosePin(Pin);
    }
}
