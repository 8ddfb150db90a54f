namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// The last <see cref="Capacity"/> decision records in a preallocated ring, plus totals per tier and per reason
/// for the escalation rate and the compute split. Recording allocates nothing.
/// </summary>
/// <remarks>
/// Design: single writer (the scheduler thread) calls <see cref="Add"/>; readers (stats, the end-of-run summary) call
/// <see cref="Snapshot"/> under the same lock, which is uncontended in steady state (taken once per frame).
/// </remarks>
public sealed class DecisionLog
{
    private readonly Lock _gate = new();
    private readonly DecisionRecord[] _ring;
    private readonly long[] _byTier = new long[3];
    private readonly TimeSpan[] _computeByTier = new TimeSpan[3];
    private readonly Dictionary<EscalationReason, long> _byReason = [];
    private long _count;

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

    /// <summary>Total decisions recorded.</summary>
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

    /// <summary>Records one decision.</summary>
    public void Add(in DecisionRecord record)
    {
        lock (_gate)
        {
            _ring[_count % _ring.Length] = record;
            _count++;
            _byTier[record.Tier]++;
            _computeByTier[record.Tier] += record.Compute;
            for (var bit = 1; bit <= (int)EscalationReason.AlwaysFull; bit <<= 1)
            {
                if (((int)record.Reason & bit) != 0)
                {
                    _byReason[(EscalationReason)bit]++;
                }
            }
        }
    }

    /// <summary>A consistent copy of the totals and the retained records (oldest first).</summary>
    public DecisionSummary Snapshot()
    {
        lock (_gate)
        {
            var kept = (int)Math.Min(_count, _ring.Length);
            var records = new DecisionRecord[kept];
            for (var i = 0; i < kept; i++)
            {
                records[i] = _ring[(_count - kept + i) % _ring.Length];
            }
            return new DecisionSummary(_count, [.. _byTier], [.. _computeByTier],
                _byReason.Where(kv => kv.Value > 0 && kv.Key != EscalationReason.None).ToDictionary(kv => kv.Key, kv => kv.Value), records);
        }
    }
}

/// <summary>Totals of a <see cref="DecisionLog"/>.</summary>
/// <param name="Count">Decisions (frames) recorded.</param>
/// <param name="ByTier">Decisions whose highest tier was 0, 1, 2.</param>
/// <param name="ComputeByTier">Compute spent on frames by highest tier.</param>
/// <param name="ByReason">Escalations per reason (a decision can have several).</param>
/// <param name="Records">The retained records, oldest first.</param>
public sealed record DecisionSummary(long Count, long[] ByTier, TimeSpan[] ComputeByTier, Dictionary<EscalationReason, long> ByReason, DecisionRecord[] Records)
{
    /// <summary>Fraction of decisions that ran tier 2.</summary>
    public double EscalationRate => Count == 0 ? 0 : ByTier[2] / (double)Count;
}
