using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Live;

/// <summary>
/// What <see cref="SensorRigFeed"/> counts for its summary: frames by how their audio window was aligned, the span of
/// sensor time the input covered (the input's length, which is not the run's wall time), and the managed bytes the feed
/// thread allocated on steady-state frames (frames that emitted nothing, left the confirmed face count as it was and did
/// not escalate), which should be 0.
/// </summary>
/// <remarks>Design: owned by the feed thread; read by it, or after the run returned.</remarks>
internal sealed class FeedTally
{
    private Timestamp _firstInput = Timestamp.MaxValue;
    private Timestamp _lastInput = Timestamp.MinValue;

    public long FramesFed { get; private set; }

    public long AlignedComplete { get; private set; }

    public long AlignedPartial { get; private set; }

    public long AlignedMissing { get; private set; }

    public long SteadyFrames { get; private set; }

    public long SteadyBytes { get; private set; }

    /// <summary>Steady-state frames that allocated anything: tells a rare path (a few frames) from a per-frame one.</summary>
    public long SteadyAllocatingFrames { get; private set; }

    /// <summary>The most one steady-state frame allocated, and when (sensor time): where to look for the rare path.</summary>
    public (long Bytes, Timestamp At) LargestSteadyAllocation { get; private set; }

    /// <summary>Seconds of sensor time between the first and the last sample fed.</summary>
    public double InputSeconds => _lastInput > _firstInput ? (_lastInput - _firstInput).TotalSeconds : 0;

    public void Aligned(AlignmentStatus status)
    {
        switch (status)
        {
            case AlignmentStatus.Complete:
                AlignedComplete++;
                break;
            case AlignmentStatus.Partial:
                AlignedPartial++;
                break;
            default:
                AlignedMissing++;
                break;
        }
    }

    /// <summary>A frame fed; <paramref name="steadyBytes"/> is what it allocated when it was a steady-state frame.</summary>
    public void Fed(Timestamp stamp, long? steadyBytes)
    {
        FramesFed++;
        Covered(stamp, stamp);
        if (steadyBytes is { } bytes)
        {
            SteadyFrames++;
            SteadyBytes += bytes;
            if (bytes > 0)
            {
                SteadyAllocatingFrames++;
                if (bytes > LargestSteadyAllocation.Bytes)
                {
                    LargestSteadyAllocation = (bytes, stamp);
                }
            }
        }
    }

    public void Covered(Timestamp from, Timestamp to)
    {
        _firstInput = Timestamp.Min(_firstInput, from);
        _lastInput = Timestamp.Max(_lastInput, to);
    }
}
