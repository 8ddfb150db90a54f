namespace EdgeRuntime.Cascade.Replay;

/// <summary>What one replay measured on the fast-path thread.</summary>
/// <param name="Origin">Sensor timestamp of recording time 0.</param>
/// <param name="Frames">Frames processed.</param>
/// <param name="DroppedFrames">Frames skipped because processing fell more than a frame behind real time (latest wins).</param>
/// <param name="Hops">Audio hops processed.</param>
/// <param name="Seconds">Input covered, in sensor time: the recording time replayed (live feed: from the first sample fed to the last), however long it took.</param>
/// <param name="WallSeconds">Wall time the replay took.</param>
/// <param name="SteadyFrames">Frames during which nothing was emitted, the confirmed face count did not change (a change hands the observers a new evidence list) and tier 2 was not requested.</param>
/// <param name="SteadyAllocatedBytes">Managed bytes the fast path allocated during those frames (and their audio hops).</param>
/// <param name="AllocatedBytes">Managed bytes the fast path allocated in total.</param>
/// <param name="AlignedComplete">Live feed: frames fed once their audio window was complete.</param>
/// <param name="AlignedPartial">Live feed: frames fed when the aligner's latency budget ran out first.</param>
/// <param name="AlignedMissing">Live feed: frames fed without waiting because the microphone was missing, paused or ended.</param>
public sealed record ReplayResult(
    Core.Time.Timestamp Origin,
    long Frames,
    long DroppedFrames,
    long Hops,
    double Seconds,
    double WallSeconds,
    long SteadyFrames,
    long SteadyAllocatedBytes,
    long AllocatedBytes,
    long AlignedComplete = 0,
    long AlignedPartial = 0,
    long AlignedMissing = 0)
{
    /// <summary>Managed bytes per frame in steady state.</summary>
    public double SteadyBytesPerFrame => SteadyFrames == 0 ? 0 : SteadyAllocatedBytes / (double)SteadyFrames;

    /// <summary>Steady-state frames that allocated anything (live feed).</summary>
    public long SteadyAllocatingFrames { get; init; }

    /// <summary>Frames whose audio time was older than the speech history the fast path keeps (live feed): decided with the oldest state kept.</summary>
    public long SpeechHistoryMisses { get; init; }

    /// <summary>The most one steady-state frame allocated (live feed), and its time in seconds after <see cref="Origin"/>.</summary>
    public (long Bytes, double AtSeconds) LargestSteadyAllocation { get; init; }
}
