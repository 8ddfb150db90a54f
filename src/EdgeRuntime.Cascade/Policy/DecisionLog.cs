namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// The last <see cref="Capacity"/> decision records in a preallocated ring, plus totals per tier and per reason
/// for the escalation rate and the compute split. Every decision goes in: one per frame, and one per frameless
/// escalation. Recording allocates nothing.
/// </summary>
/// <remarks>
/// Design: writers are the fast-path thread (<see cref="Add"/> per frame), whichever thread escalates without a frame
/// (a stream change, a user request: <see cref="Add"/>), and the tier-2 worker (<see cref="Complete"/>, which
/// rewrites a record still in the ring in place). Readers (stats, the end-of-run summary) call <see cref="Snapshot"/>.
/// Everything is under <c>_gate</c>, which is uncontended in steady state (taken once per frame).
/// </remarks>
public sealed class DecisionLog
{
    private readonly Lock _gate = new();
    private readonly DecisionRecord[] _ring;
    private readonly long[] _byTier = new long[3];
    private readonly TimeSpan[] _computeByTier = new TimeSpan[3];
    private readonly Dictionary<EscalationReason, long> _byReason = [];
    private long _count;
    private long _frameless;

    public DecisionLog(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new DecisionRecord[capacity];
        foreach (var r in Enum.GetValues<EscalationReason>())
        {
            _byReason[r] = 0; // every key exists up front so Add never grows the dictionary
        }
    }

    /// <summary>How many records the ring keeps.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Total decisions recorded (frames and frameless escalations).</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Records one decision and returns its <see cref="DecisionRecord.Sequence"/> (the record's own is ignored).</summary>
    public long Add(in DecisionRecord record)
    {
        lock (_gate)
        {
            var sequence = _count;
            _ring[sequence % _ring.Length] = record with { Sequence = sequence };
            _count++;
            _byTier[record.Tier]++;
            _computeByTier[record.Tier] += record.Compute;
            if (record.Frameless)
            {
                _frameless++;
            }
            for (var bit = 1; bit <= (int)EscalationReason.AlwaysFull; bit <<= 1)
            {
                if (((int)record.Reason & bit) != 0)
                {
                    _byReason[(EscalationReason)bit]++;
                }
            }
            return sequence;
        }
    }

    /// <summary>
    /// Replaces the record with <paramref name="record"/>'s <see cref="DecisionRecord.Sequence"/> by its settled form
    /// (tier 2 ran: <see cref="DecisionRecord.FullLatency"/>; or <see cref="DecisionRecord.Superseded"/>), when the ring
    /// still holds it. Totals do not change: the decision was counted when it was taken.
    /// </summary>
    public void Complete(in DecisionRecord record)
    {
        lock (_gate)
        {
            var slot = record.Sequence % _ring.Length;
            if (record.Sequence >= 0 && record.Sequence < _count && _ring[slot].Sequence == record.Sequence)
            {
                _ring[slot] = record;
            }
        }
    }

    /// <summary>
    /// A consistent copy of the totals and, with <paramref name="withRecords"/>, the retained records (oldest first); a
    /// periodic reader that needs the totals only leaves the ring uncopied, so it holds the fast path's lock briefly.
    /// </summary>
    public DecisionSummary Snapshot(bool withRecords = true)
    {
        lock (_gate)
        {
            var kept = withRecords ? (int)Math.Min(_count, _ring.Length) : 0;
            var records = new DecisionRecord[kept];
            for (var i = 0; i < kept; i++)
            {
                records[i] = _ring[(_count - kept + i) % _ring.Length];
            }
            return new DecisionSummary(_count, [.. _byTier], [.. _computeByTier],
                _byReason.Where(kv => kv.Value > 0 && kv.Key != EscalationReason.None).ToDictionary(kv => kv.Key, kv => kv.Value), records)
            {
                Frameless = _frameless,
            };
        }
    }
}

/// <summary>Totals of a <see cref="DecisionLog"/>.</summary>
/// <param name="Count">Decisions recorded: one per frame, plus the frameless escalations.</param>
/// <param name="ByTier">Decisions whose highest tier was 0, 1, 2 (frameless escalations count as tier 2).</param>
/// <param name="ComputeByTier">Compute spent on frames by highest tier.</param>
/// <param name="ByReason">Escalations per reason, frameless ones included (a decision can have several).</param>
/// <param name="Records">The retained records, oldest first.</param>
public sealed record DecisionSummary(long Count, long[] ByTier, TimeSpan[] ComputeByTier, Dictionary<EscalationReason, long> ByReason, DecisionRecord[] Records)
{
    /// <summary>Frameless escalations (the camera was missing) among <see cref="Count"/>.</summary>
    public long Frameless { get; init; }

    /// <summary>Decisions taken on a frame.</summary>
    public long Frames => Count - Frameless;

    /// <summary>Frames that escalated to tier 2.</summary>
    public long EscalatedFrames => ByTier[2] - Frameless;

    /// <summary>Fraction of frames that ran tier 2 (frameless escalations have no frame, so they are not in it).</summary>
    public double EscalationRate => Frames == 0 ? 0 : EscalatedFrames / (double)Frames;
}
