using System.Diagnostics;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// When to try the broker again: exponential backoff from <see cref="MqttOptions.ReconnectMin"/> to
/// <see cref="MqttOptions.ReconnectMax"/> with ±20 % jitter, reset by an accepted connection; and which failures in a
/// row are worth a log line (the 1st, 2nd, 4th, 8th...), so an unreachable broker is not logged every second.
/// </summary>
/// <remarks>// Design: network thread only; no field is shared.</remarks>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _delay;
    private long _nextAttempt;
    private int _failuresInRow;

    public ReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        _delay = min;
    }

    /// <summary>The delay the next failure will wait (what a log line announces).</summary>
    public TimeSpan Delay => _delay;

    /// <summary>Whether the next attempt is due.</summary>
    public bool Due => Stopwatch.GetTimestamp() >= _nextAttempt;

    /// <summary>Time left until the next attempt (negative when due).</summary>
    public TimeSpan UntilNextAttempt => Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextAttempt);

    /// <summary>Counts one more failed attempt in a row; true when this one should be logged.</summary>
    public bool Failed()
    {
        _failuresInRow++;
        return (_failuresInRow & (_failuresInRow - 1)) == 0;
    }

    /// <summary>Failed attempts in a row so far.</summary>
    public int FailuresInRow => _failuresInRow;

    /// <summary>Schedules the next attempt and doubles the delay after it.</summary>
    public void Schedule()
    {
        // ±20 % jitter so a fleet does not reconnect in step after a broker restart.
        var delay = _delay * (0.8 + 0.4 * Random.Shared.NextDouble());
        _nextAttempt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _delay = TimeSpan.FromTicks(Math.Min(_max.Ticks, _delay.Ticks * 2));
    }

    /// <summary>The broker accepted a connection: start again from the shortest delay.</summary>
    public void Reset()
    {
        _delay = _min;
        _failuresInRow = 0;
    }
}
