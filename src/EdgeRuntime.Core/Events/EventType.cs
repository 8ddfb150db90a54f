using System.Text.Json.Serialization;

namespace EdgeRuntime.Core.Events;

/// <summary>What happened to a tracked thing (Frigate's <c>type</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventType>))]
public enum EventType
{
    /// <summary>First seen; <see cref="EdgeEvent.Before"/> is null.</summary>
    [JsonStringEnumMemberName("new")] New,

    /// <summary>Changed (label, score, box, text); both snapshots present.</summary>
    [JsonStringEnumMemberName("update")] Update,

    /// <summary>Gone; <see cref="TrackedObject.EndTime"/> is set in <see cref="EdgeEvent.After"/>.</summary>
    [JsonStringEnumMemberName("end")] End,
}

/// <summary>Which sensor stream(s) a detection came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Modality>))]
public enum Modality
{
    /// <summary>From camera frames only.</summary>
    [JsonStringEnumMemberName("vision")] Vision,

    /// <summary>From microphone audio only.</summary>
    [JsonStringEnumMemberName("audio")] Audio,

    /// <summary>From both, associated by the fusion tier (e.g. a speaking face).</summary>
    [JsonStringEnumMemberName("fused")] Fused,

    /// <summary>From a control input (GPIO button, PIR, MQTT command).</summary>
    [JsonStringEnumMemberName("control")] Control,

    /// <summary>From a range sensor (the time-of-flight obstacle-distance sensor).</summary>
    [JsonStringEnumMemberName("range")] Range,
}

/// <summary>
/// How much an event matters when the outbox is full: the oldest <see cref="Low"/> records are dropped first,
/// <see cref="High"/> ones only when nothing low is left. Every drop is counted and published.
/// </summary>
public enum EventPriority
{
    /// <summary>Superseded by later messages (updates, counts, audio levels).</summary>
    Low = 0,

    /// <summary>Start and end of a tracked thing, scene descriptions, command results.</summary>
    High = 1,
}
