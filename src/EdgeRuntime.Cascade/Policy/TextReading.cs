using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// Whether a tier-2 pass reads text (<c>Cascade:TextRecheck</c>): always when the view is new (start, scene change,
/// refresh, request, the always-full baseline) or text seen is unsettled, otherwise once <paramref name="recheck"/> has
/// passed since the last reading, so zero reads on every pass.
/// </summary>
/// <param name="recheck">How long after a reading the next may be skipped.</param>
public sealed class TextReading(TimeSpan recheck)
{
    // A new view (start, scene change) or a pass that must give the exact scene (refresh, request, always-full).
    private const EscalationReason ReadsAlways = EscalationReason.Startup | EscalationReason.SceneChange | EscalationReason.UserRequest
        | EscalationReason.Periodic | EscalationReason.AlwaysFull;

    private Timestamp _lastRead = Timestamp.MinValue;

    /// <summary>Decides for the pass at <paramref name="now"/> (sensor time) and, when it reads, remembers the reading.</summary>
    /// <param name="now">The pass's frame timestamp.</param>
    /// <param name="reason">Why the pass runs.</param>
    /// <param name="textUnsettled">The text tracker holds text seen once, or missing from the last reading.</param>
    public bool Decide(Timestamp now, EscalationReason reason, bool textUnsettled)
    {
        var read = textUnsettled || (reason & ReadsAlways) != 0 || _lastRead == Timestamp.MinValue || now - _lastRead >= recheck;
        if (read)
        {
            _lastRead = now;
        }
        return read;
    }
}
