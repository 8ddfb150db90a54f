using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Turns per-hop speech probabilities into segments with hysteresis (on at <c>on</c>, off after the probability stayed
/// below <c>off</c> for the hangover), as silero's own iterator does. Allocation-free.
/// </summary>
public sealed class SpeechTracker(double on, double off, TimeSpan hangover)
{
    private Timestamp _lowSince = Timestamp.MaxValue;

    /// <summary>True inside a segment.</summary>
    public bool Active { get; private set; }

    /// <summary>Start of the current (or last) segment.</summary>
    public Timestamp SegmentStart { get; private set; }

    /// <summary>Highest probability seen in the current segment.</summary>
    public float Peak { get; private set; }

    /// <summary>Feeds one hop; returns +1 when a segment started, −1 when one ended (at the first low hop), else 0.</summary>
    public int Update(float probability, Timestamp hopStart)
    {
        if (!Active)
        {
            if (probability >= on)
            {
                Active = true;
                SegmentStart = hopStart;
                Peak = probability;
                _lowSince = Timestamp.MaxValue;
                return 1;
            }
            return 0;
        }
        Peak = Math.Max(Peak, probability);
        if (probability >= off)
        {
            _lowSince = Timestamp.MaxValue;
            return 0;
        }
        if (_lowSince == Timestamp.MaxValue)
        {
            _lowSince = hopStart;
        }
        if (hopStart - _lowSince >= hangover)
        {
            Active = false;
            return -1;
        }
        return 0;
    }

    /// <summary>When the current low stretch began (the end of the segment that just ended).</summary>
    public Timestamp LowSince => _lowSince;

    /// <summary>Ends any segment (the microphone went away).</summary>
    public void Reset()
    {
        Active = false;
        _lowSince = Timestamp.MaxValue;
    }
}
