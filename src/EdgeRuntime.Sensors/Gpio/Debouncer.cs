using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// Turns raw edges into stable levels: a new level counts once it held for the debounce time, stamped with the edge
/// that started it; contact bounce shorter than that never shows. Pure logic: the caller supplies every time.
/// </summary>
public sealed class Debouncer(TimeSpan debounce, bool initial = false)
{
    private readonly long _debounceNs = debounce.Ticks * 100;
    private bool _candidate = initial;
    private Timestamp _candidateSince;

    /// <summary>The debounced level.</summary>
    public bool Level { get; private set; } = initial;

    /// <summary>When the debounced level began (the first edge of the run that settled).</summary>
    public Timestamp Since { get; private set; }

    /// <summary>Feeds a raw level seen at <paramref name="at"/>.</summary>
    public void OnLevel(bool level, Timestamp at)
    {
        if (level != _candidate)
        {
            _candidate = level;
            _candidateSince = at;
        }
    }

    /// <summary>Commits the candidate level if it held long enough by <paramref name="now"/>; true when the level changed.</summary>
    public bool Poll(Timestamp now)
    {
        if (_candidate == Level || now.NanosecondsSince(_candidateSince) < _debounceNs)
        {
            return false;
        }
        Level = _candidate;
        Since = _candidateSince;
        return true;
    }

    /// <summary>When the pending level would settle (null when nothing is pending).</summary>
    public Timestamp? PendingUntil => _candidate == Level ? null : _candidateSince.AddNanoseconds(_debounceNs);
}
