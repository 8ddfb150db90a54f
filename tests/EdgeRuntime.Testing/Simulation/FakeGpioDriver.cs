using System.Collections.Concurrent;
using System.Device.Gpio;

namespace EdgeRuntime.Testing.Simulation;

/// <summary>
/// A GPIO chip without hardware (CI has no gpiochip and no gpio-sim): a System.Device.Gpio <see cref="GpioDriver"/>
/// whose input levels the test drives and whose outputs record every write with the injected clock's time. Everything
/// above it (System.Device.Gpio's <see cref="GpioController"/>, our lines, debouncing, press and PIR detection, the
/// LED, the daemon's wiring) is the real code.
/// </summary>
/// <remarks>
/// Design: the test thread calls <see cref="Drive"/>; the code under test calls the overrides from its own threads.
/// Pin state lives in concurrent dictionaries; callbacks are invoked on the driving thread, as libgpiod's event thread
/// would invoke them on its own.
/// </remarks>
public sealed class FakeGpioDriver(TimeProvider time, int pinCount = 64) : GpioDriver
{
    private readonly ConcurrentDictionary<int, PinMode> _modes = new();
    private readonly ConcurrentDictionary<int, PinValue> _values = new();
    private readonly ConcurrentDictionary<int, (PinEventTypes Types, PinChangeEventHandler Handler)> _callbacks = new();
    private readonly ConcurrentDictionary<int, List<(TimeSpan At, bool High)>> _writes = new();

    /// <summary>Pins whose next open fails as a busy line does.</summary>
    public ConcurrentDictionary<int, bool> Busy { get; } = new();

    /// <summary>Pins open now.</summary>
    public IReadOnlyCollection<int> OpenPins => [.. _modes.Keys];

    /// <summary>Pins ever opened (so a test can wait until the code under test requested them).</summary>
    public ConcurrentDictionary<int, PinMode> Opened { get; } = new();

    /// <summary>Whether the chip was closed.</summary>
    public bool Disposed { get; private set; }

    /// <summary>Sets an input's level and raises the edge callback as the kernel would.</summary>
    public void Drive(int pin, bool high)
    {
        var value = high ? PinValue.High : PinValue.Low;
        var old = _values.GetValueOrDefault(pin, PinValue.Low);
        _values[pin] = value;
        if (old == value || !_callbacks.TryGetValue(pin, out var callback))
        {
            return;
        }
        var type = high ? PinEventTypes.Rising : PinEventTypes.Falling;
        if ((callback.Types & type) != 0)
        {
            callback.Handler(this, new PinValueChangedEventArgs(type, pin));
        }
    }

    /// <summary>The writes to an output so far (time on the injected clock, level).</summary>
    public IReadOnlyList<(TimeSpan At, bool High)> Writes(int pin)
    {
        var list = _writes.GetOrAdd(pin, _ => []);
        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>Whether a pin has a registered edge callback.</summary>
    public bool HasCallback(int pin) => _callbacks.ContainsKey(pin);

    /// <inheritdoc />
    protected override int PinCount => pinCount;

    /// <inheritdoc />
    protected override void OpenPin(int pinNumber)
    {
        if (Busy.TryGetValue(pinNumber, out var busy) && busy)
        {
            throw new IOException($"line {pinNumber} is in use (EBUSY)");
        }
        _modes[pinNumber] = PinMode.Input;
    }

    /// <inheritdoc />
    protected override void ClosePin(int pinNumber)
    {
        _modes.TryRemove(pinNumber, out _);
        _callbacks.TryRemove(pinNumber, out _);
    }

    /// <inheritdoc />
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        _modes[pinNumber] = mode;
        Opened[pinNumber] = mode;
    }

    /// <inheritdoc />
    protected override PinMode GetPinMode(int pinNumber) => _modes.GetValueOrDefault(pinNumber, PinMode.Input);

    /// <inheritdoc />
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    /// <inheritdoc />
    protected override PinValue Read(int pinNumber) => _values.GetValueOrDefault(pinNumber, PinValue.Low);

    /// <inheritdoc />
    protected override void Toggle(int pinNumber) => Write(pinNumber, !(bool)Read(pinNumber) ? PinValue.High : PinValue.Low);

    /// <inheritdoc />
    protected override void Write(int pinNumber, PinValue value)
    {
        _values[pinNumber] = value;
        var list = _writes.GetOrAdd(pinNumber, _ => []);
        lock (list)
        {
            list.Add((TimeSpan.FromTicks(time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency), value == PinValue.High));
        }
    }

    /// <inheritdoc />
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the code under test uses edge callbacks");

    /// <inheritdoc />
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _callbacks[pinNumber] = (eventTypes, callback);

    /// <inheritdoc />
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.TryRemove(pinNumber, out _);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
