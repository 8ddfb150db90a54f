using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Gpiod;

/// <summary>A libgpiod call failed; <see cref="Errno"/> says why.</summary>
public sealed class GpioException(string message, int errno) : IOException(message)
{
    /// <summary>The <c>errno</c> value (ENOENT: no such chip, EBUSY: line in use).</summary>
    public int Errno { get; } = errno;

    /// <summary>The one funnel for libgpiod results: a negative result (or null pointer) throws with errno's text.</summary>
    internal static void Check(bool failed, string what)
    {
        if (failed)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new GpioException($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
        }
    }
}

/// <summary>An edge seen on an input line, stamped by the kernel (CLOCK_MONOTONIC on Linux 5.7 and later).</summary>
/// <param name="Rising">True for a rising edge (line went high, after active-low inversion).</param>
/// <param name="TimestampNanoseconds">The kernel's timestamp.</param>
public readonly record struct GpioEdge(bool Rising, long TimestampNanoseconds);

/// <summary>An open GPIO chip (libgpiod v1.6): look up lines, request them as edge-event inputs or outputs.</summary>
public sealed unsafe class GpioChip : IDisposable
{
    private readonly ChipHandle _chip;

    private GpioChip(ChipHandle chip) => _chip = chip;

    /// <summary>libgpiod's version, e.g. <c>1.6.3</c>.</summary>
    public static string LibraryVersion => Marshal.PtrToStringUTF8(Native.VersionString()) ?? "";

    /// <summary>Opens a chip by name (<c>gpiochip0</c>), path, label or number.</summary>
    /// <exception cref="GpioException">No such chip (ENOENT), or no permission.</exception>
    public static GpioChip Open(string chip)
    {
        var handle = Native.ChipOpenLookup(chip);
        GpioException.Check(handle.IsInvalid, $"gpiod_chip_open_lookup({chip})");
        return new GpioChip(handle);
    }

    /// <summary>The chip's name, e.g. <c>gpiochip0</c>.</summary>
    public string Name => Marshal.PtrToStringUTF8(Native.ChipName(_chip)) ?? "";

    /// <summary>The driver's label, e.g. <c>pinctrl-bcm2711</c>.</summary>
    public string Label => Marshal.PtrToStringUTF8(Native.ChipLabel(_chip)) ?? "";

    /// <summary>Lines on the chip.</summary>
    public int LineCount => (int)Native.ChipNumLines(_chip);

    /// <summary>A line's name (may be empty), consumer (empty when free) and direction (1 input, 2 output).</summary>
    public (string Name, string Consumer, bool IsOutput, bool IsUsed) LineInfo(int offset)
    {
        var line = Line(offset);
        return (Marshal.PtrToStringUTF8(Native.LineName(line)) ?? "", Marshal.PtrToStringUTF8(Native.LineConsumer(line)) ?? "",
            Native.LineDirection(line) == 2, Native.LineIsUsed(line));
    }

    /// <summary>Requests <paramref name="offset"/> as an input reporting both edges (with the pull-up on when asked).</summary>
    /// <exception cref="GpioException">The line is busy (EBUSY) or cannot be configured.</exception>
    public GpioInputLine RequestInput(int offset, string consumer, bool activeLow, bool pullUp)
    {
        var line = Line(offset);
        var flags = (activeLow ? Native.FlagActiveLow : 0) | (pullUp ? Native.FlagBiasPullUp : 0);
        GpioException.Check(Native.LineRequestBothEdges(line, consumer, flags) < 0, $"requesting line {offset} of {Name} for edge events");
        return new GpioInputLine(this, line, offset);
    }

    /// <summary>Requests <paramref name="offset"/> as an output starting at <paramref name="initial"/>.</summary>
    public GpioOutputLine RequestOutput(int offset, string consumer, bool initial)
    {
        var line = Line(offset);
        GpioException.Check(Native.LineRequestOutput(line, consumer, 0, initial ? 1 : 0) < 0, $"requesting line {offset} of {Name} as output");
        return new GpioOutputLine(this, line, offset);
    }

    private nint Line(int offset)
    {
        var line = Native.ChipGetLine(_chip, (uint)offset);
        GpioException.Check(line == 0, $"line {offset} of {Name}");
        return line;
    }

    /// <inheritdoc />
    public void Dispose() => _chip.Dispose();

    internal void KeepAlive() => GC.KeepAlive(this);
}

/// <summary>A requested input line delivering kernel-stamped edges.</summary>
public sealed unsafe class GpioInputLine : IDisposable
{
    private readonly GpioChip _chip;
    private readonly nint _line;

    internal GpioInputLine(GpioChip chip, nint line, int offset)
    {
        _chip = chip;
        _line = line;
        Offset = offset;
    }

    /// <summary>The line offset.</summary>
    public int Offset { get; }

    /// <summary>The current (active-low adjusted) level.</summary>
    public bool Read()
    {
        var v = Native.LineGetValue(_line);
        GpioException.Check(v < 0, $"reading line {Offset}");
        return v == 1;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for an edge.</summary>
    public bool TryWaitForEdge(TimeSpan timeout, out GpioEdge edge)
    {
        var ts = new Native.TimeSpec { Seconds = (long)timeout.TotalSeconds, Nanoseconds = timeout.Ticks % TimeSpan.TicksPerSecond * 100 };
        var rc = Native.LineEventWait(_line, &ts);
        GpioException.Check(rc < 0, $"waiting for an edge on line {Offset}");
        if (rc == 0)
        {
            edge = default;
            return false;
        }
        Native.LineEvent e;
        GpioException.Check(Native.LineEventRead(_line, &e) < 0, $"reading an edge on line {Offset}");
        edge = new GpioEdge(e.EventType == Native.EventRisingEdge, e.Timestamp.Seconds * 1_000_000_000 + e.Timestamp.Nanoseconds);
        _chip.KeepAlive();
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => Native.LineRelease(_line);
}

/// <summary>A requested output line.</summary>
public sealed class GpioOutputLine : IDisposable
{
    private readonly GpioChip _chip;
    private readonly nint _line;

    internal GpioOutputLine(GpioChip chip, nint line, int offset)
    {
        _chip = chip;
        _line = line;
        Offset = offset;
    }

    /// <summary>The line offset.</summary>
    public int Offset { get; }

    /// <summary>Drives the line.</summary>
    public void Write(bool high)
    {
        GpioException.Check(Native.LineSetValue(_line, high ? 1 : 0) < 0, $"writing line {Offset}");
        _chip.KeepAlive();
    }

    /// <inheritdoc />
    public void Dispose() => Native.LineRelease(_line);
}
