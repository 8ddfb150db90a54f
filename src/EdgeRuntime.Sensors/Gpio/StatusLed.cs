namespace EdgeRuntime.Sensors.Gpio;

/// <summary>A repeating on/off sequence for a status LED.</summary>
/// <param name="Name">For logs.</param>
/// <param name="Steps">(on, how long) pairs, repeated; one step means a steady level.</param>
public sealed record BlinkPattern(string Name, IReadOnlyList<(bool On, TimeSpan Duration)> Steps)
{
    /// <summary>Dark.</summary>
    public static readonly BlinkPattern Off = new("off", [(false, TimeSpan.Zero)]);

    /// <summary>Lit.</summary>
    public static readonly BlinkPattern On = new("on", [(true, TimeSpan.Zero)]);

    /// <summary>Running normally: a short flash every second.</summary>
    public static readonly BlinkPattern Heartbeat = new("heartbeat", [(true, TimeSpan.FromMilliseconds(100)), (false, TimeSpan.FromMilliseconds(900))]);

    /// <summary>Busy (describing a scene): 2 Hz.</summary>
    public static readonly BlinkPattern Busy = new("busy", [(true, TimeSpan.FromMilliseconds(250)), (false, TimeSpan.FromMilliseconds(250))]);

    /// <summary>Degraded (a stream is missing): two flashes, then a pause.</summary>
    public static readonly BlinkPattern Degraded = new("degraded",
        [(true, TimeSpan.FromMilliseconds(100)), (false, TimeSpan.FromMilliseconds(100)), (true, TimeSpan.FromMilliseconds(100)), (false, TimeSpan.FromMilliseconds(700))]);

    /// <summary>Error: fast blinking.</summary>
    public static readonly BlinkPattern Error = new("error", [(true, TimeSpan.FromMilliseconds(50)), (false, TimeSpan.FromMilliseconds(50))]);
}

/// <summary>Plays a <see cref="BlinkPattern"/> on an output line with a timer of the injected <see cref="TimeProvider"/>.</summary>
public sealed class StatusLed : IDisposable
{
    private readonly GpioOutputLine _output;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private BlinkPattern _pattern = BlinkPattern.Off;
    private int _step;

    /// <summary>Drives <paramref name="output"/> (which the caller keeps and releases); starts off.</summary>
    public StatusLed(GpioOutputLine output, TimeProvider time)
    {
        _output = output;
        _timer = time.CreateTimer(static s => ((StatusLed)s!).Step(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _output.Write(false);
    }

    /// <summary>The pattern playing.</summary>
    public BlinkPattern Pattern => _pattern;

    /// <summary>Switches to <paramref name="pattern"/> from its first step.</summary>
    public void Play(BlinkPattern pattern)
    {
        lock (_gate)
        {
            _pattern = pattern;
            _step = -1;
        }
        Step();
    }

    private void Step()
    {
        lock (_gate)
        {
            var steps = _pattern.Steps;
            _step = (_step + 1) % steps.Count;
            var (on, duration) = steps[_step];
            _output.Write(on);
            _timer.Change(steps.Count == 1 ? Timeout.InfiniteTimeSpan : duration, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer.Dispose();
        _output.Write(false);
    }
}
