namespace EdgeRuntime.Sensors.Devices;

/// <summary>
/// How long to wait before opening a failed device again: <see cref="Min"/> after the first failure, doubling up to
/// <see cref="Max"/>, back to <see cref="Min"/> once the device works. No jitter: one board retries its own devices.
/// </summary>
/// <remarks>Not thread-safe: one device loop owns it.</remarks>
public sealed class RetryBackoff(TimeSpan min, TimeSpan max)
{
    private TimeSpan _next = min;

    /// <summary>The first wait.</summary>
    public TimeSpan Min { get; } = min;

    /// <summary>The longest wait.</summary>
    public TimeSpan Max { get; } = max;

    /// <summary>Failures in a row so far.</summary>
    public int Failures { get; private set; }

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan Failed()
    {
        Failures++;
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(Max.Ticks, _next.Ticks * 2));
        return wait;
    }

    /// <summary>The device works again: the next failure waits <see cref="Min"/>.</summary>
    public void Succeeded()
    {
        Failures = 0;
        _next = Min;
    }

    /// <summary>
    /// Whether a failure is worth a log line: the 1st, 2nd, 4th, 8th... in a row, so a device that stays away does not
    /// flood the journal.
    /// </summary>
    public bool ShouldLog => Failures > 0 && (Failures & (Failures - 1)) == 0;
}
