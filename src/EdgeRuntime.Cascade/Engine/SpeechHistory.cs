using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The speech state after each of the last audio hops, so a frame decides with the state of its own time although
/// hops are fed as they arrive, ahead of frames still on their way: the feed no longer holds a hop back until the next
/// frame is in (up to one frame interval on every speech event), and a frame's escalation decision and speaker
/// association still see exactly the hops that end by its audio window, in a live run and in <c>edge eval</c> alike.
/// </summary>
/// <remarks>Design: owned by the fast path's caller thread (the feed's), which records and looks up; no field is
/// shared. A fixed ring of structs: recording and looking up allocate nothing. When a frame's time is older than the
/// oldest hop kept, the oldest state stands in and <see cref="Misses"/> counts it.</remarks>
internal sealed class SpeechHistory
{
    /// <summary>Hops kept: 4 s of silero's 32 ms hops, well past how far the feed lets audio run ahead of the camera.</summary>
    public const int Capacity = 128;

    private static readonly Entry s_beforeAnyHop = new(Timestamp.MinValue, 0, false, null);

    private readonly Entry[] _entries = new Entry[Capacity];
    private long _count;

    /// <summary>The speech state after one hop (or at the start, before any).</summary>
    public readonly record struct Entry(Timestamp End, float Probability, bool Active, Evidence? Speech);

    /// <summary>Lookups older than every hop kept (the oldest state stood in).</summary>
    public long Misses { get; private set; }

    /// <summary>Records the state after a hop ending at <paramref name="end"/>; ends are recorded in order.</summary>
    public void Record(Timestamp end, float probability, bool active, Evidence? speech)
    {
        if (_count > 0 && end < _entries[(_count - 1) % Capacity].End)
        {
            end = _entries[(_count - 1) % Capacity].End; // a stream-lost reset stamped before the last hop: keep order
        }
        _entries[_count % Capacity] = new Entry(end, probability, active, speech);
        _count++;
    }

    /// <summary>
    /// The state after the last hop that ends at or before <paramref name="upTo"/>; the state before any hop when none
    /// has been recorded or none ends by then while the first is still kept.
    /// </summary>
    public Entry At(Timestamp upTo)
    {
        if (_count == 0)
        {
            return s_beforeAnyHop;
        }
        var oldest = Math.Max(0, _count - Capacity);
        for (var i = _count - 1; i >= oldest; i--)
        {
            ref readonly var e = ref _entries[i % Capacity];
            if (e.End <= upTo)
            {
                return e;
            }
        }
        if (oldest == 0)
        {
            return s_beforeAnyHop; // nothing heard yet by then
        }
        Misses++;
        return _entries[oldest % Capacity];
    }

    /// <summary>The state after the last hop recorded.</summary>
    public Entry Latest => _count == 0 ? s_beforeAnyHop : _entries[(_count - 1) % Capacity];
}
