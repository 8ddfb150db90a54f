using EdgeRuntime.Core.Events;

namespace EdgeRuntime.Output.Messages;

/// <summary>
/// One message ready for a transport: topic, payload bytes and how to deliver it. Immutable once built; the
/// payload is owned by the message (the outbox keeps it until the broker acknowledges).
/// </summary>
public sealed class OutgoingMessage
{
    /// <summary>Builds a message; <paramref name="topic"/> is cached as zero-terminated UTF-8 by <see cref="Topics"/>.</summary>
    public OutgoingMessage(Topic topic, byte[] payload, bool retain, bool durable, EventPriority priority, long createdTimestamp)
    {
        Topic = topic;
        Payload = payload;
        Retain = retain;
        Durable = durable;
        Priority = priority;
        CreatedTimestamp = createdTimestamp;
    }

    /// <summary>The topic.</summary>
    public Topic Topic { get; }

    /// <summary>The payload (JSON or a plain value such as <c>ON</c>).</summary>
    public byte[] Payload { get; }

    /// <summary>Whether the broker keeps it as the topic's retained message.</summary>
    public bool Retain { get; }

    /// <summary>Journaled in the outbox and published at the configured QoS until acknowledged; otherwise best effort (QoS 0, dropped while offline).</summary>
    public bool Durable { get; }

    /// <summary>Which records the outbox drops first when full.</summary>
    public EventPriority Priority { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when it was built, for latency figures.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>Whether the payload is a JSON document (objects), as opposed to a plain value.</summary>
    public bool IsJson => Payload.Length > 0 && Payload[0] == (byte)'{';
}
