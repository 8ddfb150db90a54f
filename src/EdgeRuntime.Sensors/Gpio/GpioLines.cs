using EdgeRuntime.Interop.Gpiod;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>An input line: kernel-stamped edges and the current level. The seam between the GPIO logic and libgpiod.</summary>
public interface IGpioInput : IDisposable
{
    /// <summary>The current level (true: active).</summary>
    bool Read();

    /// <summary>Waits up to <paramref name="timeout"/> for an edge.</summary>
    bool TryWaitForEdge(TimeSpan timeout, out GpioEdge edge);
}

/// <summary>An output line.</summary>
public interface IGpioOutput : IDisposable
{
    /// <summary>Drives the line (true: on).</summary>
    void Write(bool on);
}

/// <summary>Opens lines of one chip.</summary>
public interface IGpioLines : IDisposable
{
    /// <summary>Requests an edge-reporting input.</summary>
    IGpioInput OpenInput(int line, bool activeLow, bool pullUp);

    /// <summary>Requests an output, initially off.</summary>
    IGpioOutput OpenOutput(int line);
}

/// <summary>The real lines: a libgpiod chip.</summary>
public sealed class LibgpiodLines(string chip, string consumer) : IGpioLines
{
    private readonly GpioChip _chip = GpioChip.Open(chip);

    /// <inheritdoc />
    public IGpioInput OpenInput(int line, bool activeLow, bool pullUp) => new Input(_chip.RequestInput(line, consumer, activeLow, pullUp));

    /// <inheritdoc />
    public IGpioOutput OpenOutput(int line) => new Output(_chip.RequestOutput(line, consumer, initial: false));

    /// <inheritdoc />
    public void Dispose() => _chip.Dispose();

    private sealed class Input(GpioInputLine line) : IGpioInput
    {
        public bool Read() => line.Read();

        public bool TryWaitForEdge(TimeSpan timeout, out GpioEdge edge) => line.TryWaitForEdge(timeout, out edge);

        public void Dispose() => line.Dispose();
    }

    private sealed class Output(GpioOutputLine line) : IGpioOutput
    {
        public void Write(bool on) => line.Write(on);

        public void Dispose() => line.Dispose();
    }
}
