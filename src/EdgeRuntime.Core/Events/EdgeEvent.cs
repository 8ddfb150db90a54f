using System.Text.Json.Serialization;

namespace EdgeRuntime.Core.Events;

/// <summary>
/// One change of a tracked thing, published on <c>&lt;prefix&gt;/events</c> (Frigate's shape: <c>type</c>,
/// <c>before</c>, <c>after</c>) plus a stable <see cref="Id"/> and a <see cref="Schema"/> version.
/// </summary>
/// <remarks>
/// <see cref="Id"/> identifies this message, not the tracked thing: it is made once when the event is created and
/// kept through the outbox, reconnects and replays, so a receiver drops duplicates (QoS 1 is at-least-once) by id.
/// </remarks>
public sealed record EdgeEvent
{
    /// <summary>The payload schema version (<see cref="EventSchema.Version"/>).</summary>
    public int Schema { get; init; } = EventSchema.Version;

    /// <summary>This message's stable, unique id (see <see cref="EventId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>new, update or end.</summary>
    public required EventType Type { get; init; }

    /// <summary>The previous snapshot; null for <see cref="EventType.New"/>.</summary>
    public TrackedObject? Before { get; init; }

    /// <summary>The current snapshot.</summary>
    public required TrackedObject After { get; init; }

    /// <summary>When the event was made, Unix seconds.</summary>
    public required double Timestamp { get; init; }

    /// <summary>Outbox priority: updates are low, new and end are high.</summary>
    [JsonIgnore]
    public EventPriority Priority => Type == EventType.Update ? EventPriority.Low : EventPriority.High;

    /// <summary>Builds a <c>new</c> event for <paramref name="after"/>.</summary>
    public static EdgeEvent Started(TrackedObject after, TimeProvider time) =>
        new() { Id = EventId.New(time), Type = EventType.New, After = after, Timestamp = EventId.UnixSeconds(time) };

    /// <summary>Builds an <c>update</c> event from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static EdgeEvent Updated(TrackedObject before, TrackedObject after, TimeProvider time) =>
        new() { Id = EventId.New(time), Type = EventType.Update, Before = before, After = after, Timestamp = EventId.UnixSeconds(time) };

    /// <summary>Builds an <c>end</c> event; <paramref name="after"/> should carry <see cref="TrackedObject.EndTime"/>.</summary>
    public static EdgeEvent Ended(TrackedObject before, TrackedObject after, TimeProvider time) =>
        new() { Id = EventId.New(time), Type = EventType.End, Before = before, After = after, Timestamp = EventId.UnixSeconds(time) };
}
