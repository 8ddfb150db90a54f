using System.Text.Json.Serialization;

namespace EdgeRuntime.Core.Events;

/// <summary>
/// One tier-2 decision of the cascade, published on <c>&lt;prefix&gt;/decisions</c> once it is settled: why tier 2 ran,
/// on which inputs, and how long it took from the sensor to the decision and to the description. Best effort (QoS 0,
/// not retained, not journaled): a record for watching and tuning the cascade, not a state to act on.
/// </summary>
public sealed record CascadeDecision
{
    /// <summary>The payload schema version.</summary>
    public int Schema { get; init; } = EventSchema.Version;

    /// <summary>This message's id.</summary>
    public required string Id { get; init; }

    /// <summary>The decision's running number since the cascade started (frames' decisions included, so gaps are frames that stayed cheap).</summary>
    public long Sequence { get; init; }

    /// <summary>The highest tier decided: 2.</summary>
    public int Tier { get; init; } = 2;

    /// <summary>The most important reason, as in the scene payload: <c>user</c>, <c>startup</c>, <c>scene_change</c>, ...</summary>
    public required string Reason { get; init; }

    /// <summary>Every reason that held (several can).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Whether tier 2 ran on it or a later escalation replaced it while it waited.</summary>
    public DecisionOutcome Outcome { get; init; }

    /// <summary>True when it escalated without a frame (the camera was missing).</summary>
    public bool Frameless { get; init; }

    /// <summary>The monotonic timestamp (ns) of the frame, or of what triggered a frameless escalation.</summary>
    public required long MonotonicNs { get; init; }

    /// <summary>The monotonic timestamp (ns) of the latest audio hop considered; null before the first.</summary>
    public long? AudioMonotonicNs { get; init; }

    /// <summary>Sensor timestamp → decision taken, ms.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Sensor timestamp → description composed, ms; null when superseded.</summary>
    public double? FullLatencyMs { get; init; }

    /// <summary>When it was published, Unix seconds.</summary>
    public required double Timestamp { get; init; }
}

/// <summary>How a tier-2 decision ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionOutcome>))]
public enum DecisionOutcome
{
    /// <summary>Tier 2 ran on it.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>A later escalation replaced it while tier 2 was busy (latest wins), so tier 2 never ran on it.</summary>
    [JsonStringEnumMemberName("superseded")] Superseded,

    /// <summary>Tier 2 ran on it and the pass threw (a model or the description failed); the next pass runs as usual.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
