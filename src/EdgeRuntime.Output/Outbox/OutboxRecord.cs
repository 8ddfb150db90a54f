using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Messages;

namespace EdgeRuntime.Output.Outbox;

/// <summary>One journaled message not yet acknowledged. Owned by the outbox's single thread.</summary>
public sealed class OutboxRecord
{
    internal OutboxRecord(long sequence, Topic topic, byte[] payload, bool retain, EventPriority priority, int encodedSize, long createdTimestamp)
    {
        Sequence = sequence;
        Topic = topic;
        Payload = payload;
        Retain = retain;
        Priority = priority;
        EncodedSize = encodedSize;
        CreatedTimestamp = createdTimestamp;
    }

    /// <summary>Position in the journal: records are delivered in this order.</summary>
    public long Sequence { get; }

    /// <summary>The topic.</summary>
    public Topic Topic { get; }

    /// <summary>The payload.</summary>
    public byte[] Payload { get; }

    /// <summary>The retain flag.</summary>
    public bool Retain { get; }

    /// <summary>Drop order when full.</summary>
    public EventPriority Priority { get; }

    /// <summary>Bytes the record takes in the journal (counts against MaxBytes).</summary>
    public int EncodedSize { get; }

    /// <summary>Stopwatch timestamp when the message was built (replayed records: when read back).</summary>
    public long CreatedTimestamp { get; }

    /// <summary>The broker message id in the current connection, or 0 when not handed to it yet.</summary>
    public int Mid { get; set; }

    /// <summary>Whether the record is still waiting (false once acknowledged or dropped).</summary>
    public bool Live => Node is not null;

    internal LinkedListNode<OutboxRecord>? Node { get; set; }
}
