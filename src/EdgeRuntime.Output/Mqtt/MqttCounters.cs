using EdgeRuntime.Core.Events;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>The publisher's counters, as <see cref="OutputStats"/> reports them.</summary>
/// <remarks>
/// // Design: <see cref="Accepted"/> is incremented by producers (any thread) with Interlocked; every other field has
/// one writer, the network thread, which stores with Volatile.Write or Interlocked. <see cref="Snapshot"/> runs on any
/// thread and reads each field with Volatile.Read: the fields are independent counters, so a snapshot need not be
/// atomic as a whole.
/// </remarks>
internal sealed class MqttCounters
{
    public long Accepted;
    public long Delivered;
    public long Pending;
    public long OutboxBytes;
    public long Fsyncs;
    public long DroppedLow;
    public long DroppedHigh;
    public long Corrupt;
    public long CommandsRejected;
    public long CommandsAccepted;
    public int Connected;

    /// <summary>Whether the broker accepted the current connection.</summary>
    public bool IsConnected => Volatile.Read(ref Connected) != 0;

    /// <summary>The counters as one record.</summary>
    public OutputStats Snapshot() => new()
    {
        Accepted = Volatile.Read(ref Accepted),
        Delivered = Volatile.Read(ref Delivered),
        Pending = Volatile.Read(ref Pending),
        OutboxBytes = Volatile.Read(ref OutboxBytes),
        Fsyncs = Volatile.Read(ref Fsyncs),
        DroppedLow = Volatile.Read(ref DroppedLow),
        DroppedHigh = Volatile.Read(ref DroppedHigh),
        CorruptSkipped = Volatile.Read(ref Corrupt),
        Connected = IsConnected,
        CommandsRejected = Volatile.Read(ref CommandsRejected),
        CommandsAccepted = Volatile.Read(ref CommandsAccepted),
    };
}
