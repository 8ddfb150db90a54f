using System.Globalization;
using EdgeRuntime.Core.Events;

namespace EdgeRuntime.Testing.Mqtt;

/// <summary>Events made up for tests, numbered so a receiver can check order and completeness.</summary>
public static class SyntheticEvents
{
    /// <summary>A <c>new</c> event whose tracked object's text is <paramref name="index"/>.</summary>
    public static EdgeEvent Numbered(int index, TimeProvider? time = null, EventType type = EventType.New)
    {
        time ??= TimeProvider.System;
        var after = new TrackedObject
        {
            Id = "obj-" + index.ToString(CultureInfo.InvariantCulture),
            Source = "front",
            Label = "person",
            Score = 0.9f,
            Box = new BoundingBox(0.1f, 0.2f, 0.3f, 0.4f),
            Modality = Modality.Vision,
            Tier = 1,
            StartTime = EventId.UnixSeconds(time),
            MonotonicNs = index,
            Text = index.ToString(CultureInfo.InvariantCulture),
        };
        return type switch
        {
            EventType.Update => EdgeEvent.Updated(after with { Score = 0.5f }, after, time),
            EventType.End => EdgeEvent.Ended(after, after with { EndTime = after.StartTime }, time),
            _ => EdgeEvent.Started(after, time),
        };
    }

    /// <summary>The number a <see cref="Numbered"/> event carries, read back from its JSON payload.</summary>
    public static (string Id, int Index) Parse(byte[] payload)
    {
        var e = System.Text.Json.JsonSerializer.Deserialize(payload, EventJsonContext.Default.EdgeEvent)
            ?? throw new FormatException("not an event");
        return (e.Id, int.Parse(e.After.Text!, CultureInfo.InvariantCulture));
    }
}
