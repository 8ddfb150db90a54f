using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Live;

/// <summary>
/// The audio half of <see cref="SensorRigFeed"/>: reads whole hops from the audio ring in order, hands them to the
/// cascade (or drops them while the microphone is paused), and releases the ring behind the last hop fed while keeping
/// <see cref="EdgeRuntime.Core.Alignment.AlignerOptions.Before"/> of audio for the windows of frames still to come.
/// </summary>
/// <remarks>Design: owned by the feed thread, like the <see cref="SensorRigFeed"/> that holds it; no field is shared.
/// The hop buffer is allocated once, when the engine's hop size is known, so feeding allocates nothing.</remarks>
internal sealed class AudioHopFeed(AudioRing ring, long keepNs)
{
    private float[] _hop = [];
    private long _cursor;
    private Timestamp _cursorEnd = Timestamp.MinValue;

    /// <summary>Hops taken from the ring (fed, or drained while the microphone was paused).</summary>
    public long HopsTaken { get; private set; }

    /// <summary>Sizes the hop buffer for <paramref name="hopSamples"/> and starts at what the ring has released.</summary>
    public void Start(int hopSamples)
    {
        _hop = new float[hopSamples];
        _cursor = ring.Released;
    }

    /// <summary>
    /// Feeds every whole hop that has arrived and ends at or before <paramref name="limit"/>, adding each hop's span
    /// to <paramref name="tally"/>; true when it took any.
    /// </summary>
    public bool Feed(CascadeEngine engine, Timestamp limit, bool paused, FeedTally tally)
    {
        var start = _cursor;
        while (ring.TryRead(_cursor, _hop.Length, out var window) && window.End <= limit)
        {
            if (!paused)
            {
                window.CopyTo(_hop);
                engine.ProcessAudio(_hop, window.Start, window.End);
            }
            _cursor += _hop.Length;
            _cursorEnd = window.End;
            HopsTaken++;
            tally.Covered(window.Start, window.End);
        }
        if (_cursor == start)
        {
            return false;
        }
        ring.Release(Math.Min(_cursor, ring.IndexAt(_cursorEnd.AddNanoseconds(-keepNs))));
        return true;
    }

    /// <summary>True once the ring is closed and less than a hop is left. The bound is read before the count: the
    /// producer writes its last block before closing.</summary>
    public bool Ended => ring.Bound.IsClosed && ring.Written - _cursor < _hop.Length;
}
