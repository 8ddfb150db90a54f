namespace EdgeRuntime.Core.Events;

/// <summary>Published on <c>&lt;prefix&gt;/stats</c> every N seconds: how each stage and the outputs are doing.</summary>
public sealed record PipelineStats
{
    /// <summary>The payload schema version.</summary>
    public int Schema { get; init; } = EventSchema.Version;

    /// <summary>When the figures were taken, Unix seconds.</summary>
    public required double Timestamp { get; init; }

    /// <summary>Seconds since the daemon started.</summary>
    public double UptimeSeconds { get; init; }

    /// <summary>Per-stage figures (sensors, tiers).</summary>
    public IReadOnlyList<StageStats> Stages { get; init; } = [];

    /// <summary>Share of tier-1 decisions that escalated to tier 2, 0..1.</summary>
    public double EscalationRate { get; init; }

    /// <summary>Share of compute saved against running full fusion on every frame, 0..1.</summary>
    public double ComputeSaved { get; init; }

    /// <summary>Process CPU use, percent of one core.</summary>
    public double CpuPercent { get; init; }

    /// <summary>Resident memory, bytes.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>The managed heap's size after the last garbage collection, bytes (what a leak of objects grows).</summary>
    public long ManagedBytes { get; init; }

    /// <summary>The event output's own figures; filled in by the sink when it publishes the stats.</summary>
    public OutputStats? Output { get; init; }
}

/// <summary>One pipeline stage's throughput, latency and drops.</summary>
public sealed record StageStats
{
    /// <summary>Stage name, e.g. <c>camera</c>, <c>tier1.face</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Items per second over the last interval.</summary>
    public double Fps { get; init; }

    /// <summary>Median latency, ms.</summary>
    public double LatencyP50Ms { get; init; }

    /// <summary>99th percentile latency, ms.</summary>
    public double LatencyP99Ms { get; init; }

    /// <summary>Items dropped since start (entrance drops, overruns).</summary>
    public long Drops { get; init; }

    /// <summary>Items that failed since start (a tier-2 pass that threw); the stage went on with the next.</summary>
    public long Failures { get; init; }
}

/// <summary>The sink's counters: what was published, what waits in the outbox, what was dropped and why.</summary>
public sealed record OutputStats
{
    /// <summary>Messages handed to the sink.</summary>
    public long Accepted { get; init; }

    /// <summary>Messages acknowledged by the broker (or written, for the console sink).</summary>
    public long Delivered { get; init; }

    /// <summary>Records in the outbox not yet acknowledged.</summary>
    public long Pending { get; init; }

    /// <summary>Bytes the outbox journal holds.</summary>
    public long OutboxBytes { get; init; }

    /// <summary>Low-priority records dropped because the outbox was full.</summary>
    public long DroppedLow { get; init; }

    /// <summary>High-priority records dropped because the outbox was full of high-priority records only.</summary>
    public long DroppedHigh { get; init; }

    /// <summary>fsync calls the outbox journal made since start.</summary>
    public long Fsyncs { get; init; }

    /// <summary>Torn or corrupt journal records skipped on start.</summary>
    public long CorruptSkipped { get; init; }

    /// <summary>Whether the broker connection is up (always true for the console sink).</summary>
    public bool Connected { get; init; }

    /// <summary>Commands accepted and passed to the cascade.</summary>
    public long CommandsAccepted { get; init; }

    /// <summary>Commands rejected (invalid payload, unknown feature).</summary>
    public long CommandsRejected { get; init; }
}
