using System.Diagnostics;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// What the cascade measures about itself: the latency recorders (per frame, per event, per full description, per
/// tier-2 model) and the compute counters per tier, read by the stats topic and the end-of-run summary.
/// </summary>
/// <remarks>
/// Design: written by the fast-path thread (fast and tier-1 compute, fast latencies), the tier-2 worker (tier-2
/// compute, runs, failures, full latencies) and, for event latencies, whichever thread emitted the event. Every counter
/// is a long changed with Interlocked and read with Interlocked.Read; every recorder is lock-free (see LatencyRecorder). Nothing here
/// grows: the recorders are preallocated rings.
/// </remarks>
internal sealed class CascadeMetrics
{
    private long _fastTicks;
    private long _tier1Ticks;
    private long _tier2Ticks;
    private long _fullRuns;
    private long _tier2Failures;

    /// <summary>Fast path per frame and per hop that changed speech: sensor timestamp → tiers 0/1 and events done.</summary>
    public LatencyRecorder FastLatency { get; } = new();

    /// <summary>Fast-path events (speech, faces): sensor timestamp → the observer has it.</summary>
    public LatencyRecorder FastEventLatency { get; } = new();

    /// <summary>Tier-2 events (a view that carried something, a description): sensor timestamp → the observer has it.</summary>
    public LatencyRecorder FullEventLatency { get; } = new();

    /// <summary>Sensor timestamp of the frame → description composed.</summary>
    public LatencyRecorder FullLatency { get; } = new();

    /// <summary>A user's request (describe, read text) → its answer handed to the observer (the event sink and speech), on the engine's clock.</summary>
    public LatencyRecorder RequestLatency { get; } = new();

    /// <summary>Tier 2's full detector compute per run.</summary>
    public LatencyRecorder DetectorCompute { get; } = new();

    /// <summary>Tier 2's OCR compute per run that read text.</summary>
    public LatencyRecorder TextCompute { get; } = new();

    public TimeSpan FastCompute => TimeSpan.FromTicks(Interlocked.Read(ref _fastTicks));

    public TimeSpan Tier1Compute => TimeSpan.FromTicks(Interlocked.Read(ref _tier1Ticks));

    public TimeSpan FullCompute => TimeSpan.FromTicks(Interlocked.Read(ref _tier2Ticks));

    public long FullRuns => Interlocked.Read(ref _fullRuns);

    public long Tier2Failures => Interlocked.Read(ref _tier2Failures);

    /// <summary>Adds fast-path compute, <paramref name="tier1"/> of it tier 1's (Stopwatch ticks).</summary>
    public void AddFast(long stopwatchTicks, long tier1)
    {
        Interlocked.Add(ref _fastTicks, Ticks(stopwatchTicks).Ticks);
        Interlocked.Add(ref _tier1Ticks, Ticks(tier1).Ticks);
    }

    /// <summary>Adds tier-1 compute only (the frame's total is added once it is done).</summary>
    public void AddTier1(long stopwatchTicks) => Interlocked.Add(ref _tier1Ticks, Ticks(stopwatchTicks).Ticks);

    /// <summary>Adds fast-path compute only.</summary>
    public void AddFast(TimeSpan elapsed) => Interlocked.Add(ref _fastTicks, elapsed.Ticks);

    /// <summary>One tier-2 pass ran to its end.</summary>
    public void AddFullRun(TimeSpan compute)
    {
        Interlocked.Add(ref _tier2Ticks, compute.Ticks);
        Interlocked.Increment(ref _fullRuns);
    }

    /// <summary>One tier-2 pass failed; its compute still counts (the CPU was spent).</summary>
    public void AddFailedRun(TimeSpan compute)
    {
        Interlocked.Add(ref _tier2Ticks, compute.Ticks);
        Interlocked.Increment(ref _tier2Failures);
    }

    /// <summary>Stopwatch ticks as a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromSeconds(stopwatchTicks / (double)Stopwatch.Frequency);
}
