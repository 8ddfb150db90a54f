using EdgeRuntime.Core.Events;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Builds the <c>&lt;prefix&gt;/stats</c> payload from a running <see cref="CascadeEngine"/>: frames and tier-2 runs
/// per second over the last interval, latency percentiles and drops since start, the escalation rate, the share of
/// compute saved against full fusion on every frame, and the process's CPU and resident memory.
/// </summary>
/// <remarks>
/// Design: one caller (the stats timer) owns the previous sample's fields; everything read from the engine is
/// Interlocked or locked inside it (<see cref="CascadeEngine.Decisions"/>, the latency recorders, the compute
/// counters), so sampling never blocks the fast path for longer than one recorder's copy. Allocates per sample, once
/// every few seconds, never per frame.
/// </remarks>
public sealed class StatsSampler
{
    private readonly CascadeEngine _engine;
    private readonly TimeProvider _time;
    private readonly Func<long> _droppedFrames;
    private readonly long _started;
    private long _lastAt;
    private long _lastFrames;
    private long _lastFullRuns;
    private TimeSpan _lastCpu;

    /// <summary>Samples <paramref name="engine"/>; <paramref name="droppedFrames"/> counts the frames its feed skipped.</summary>
    public StatsSampler(CascadeEngine engine, TimeProvider time, Func<long>? droppedFrames = null)
    {
        _engine = engine;
        _time = time;
        _droppedFrames = droppedFrames ?? (() => 0);
        _started = _lastAt = time.GetTimestamp();
        _lastCpu = ProcessCpu();
    }

    /// <summary>Takes one sample; the rates cover the time since the previous one (or since construction).</summary>
    public PipelineStats Sample()
    {
        var now = _time.GetTimestamp();
        var interval = _time.GetElapsedTime(_lastAt, now).TotalSeconds;
        var decisions = _engine.Decisions.Snapshot(withRecords: false);
        var fullRuns = _engine.FullRuns;
        var (fast, full) = _engine.Compute;
        var cpu = ProcessCpu();

        // Always-full estimate: every frame's fast path plus a tier-2 pass at the mean cost measured so far.
        var meanFull = fullRuns == 0 ? 0 : full.TotalSeconds / fullRuns;
        var alwaysFull = fast.TotalSeconds + (decisions.Frames * meanFull);
        var stats = new PipelineStats
        {
            Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
            UptimeSeconds = _time.GetElapsedTime(_started, now).TotalSeconds,
            Stages =
            [
                new StageStats
                {
                    Name = "fast",
                    Fps = Rate(decisions.Frames - _lastFrames, interval),
                    LatencyP50Ms = Finite(_engine.FastLatency.Percentile(50)),
                    LatencyP99Ms = Finite(_engine.FastLatency.Percentile(99)),
                    Drops = _droppedFrames(),
                },
                new StageStats
                {
                    Name = "tier2",
                    Fps = Rate(fullRuns - _lastFullRuns, interval),
                    LatencyP50Ms = Finite(_engine.FullLatency.Percentile(50)),
                    LatencyP99Ms = Finite(_engine.FullLatency.Percentile(99)),
                    Drops = _engine.Superseded,
                    Failures = _engine.Tier2Failures,
                },
            ],
            EscalationRate = decisions.EscalationRate,
            ComputeSaved = alwaysFull <= 0 ? 0 : Math.Clamp(1 - ((fast + full).TotalSeconds / alwaysFull), 0, 1),
            CpuPercent = interval <= 0 ? 0 : 100 * (cpu - _lastCpu).TotalSeconds / interval,
            MemoryBytes = Environment.WorkingSet,
            ManagedBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
        };
        _lastAt = now;
        _lastFrames = decisions.Frames;
        _lastFullRuns = fullRuns;
        _lastCpu = cpu;
        return stats;
    }

    private static double Rate(long count, double seconds) => seconds <= 0 ? 0 : count / seconds;

    // JSON has no NaN: no samples yet reads as 0.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static TimeSpan ProcessCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
