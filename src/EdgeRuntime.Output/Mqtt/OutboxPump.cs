using System.Diagnostics;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// Moves the outbox to the broker: hands live records out oldest first, at most <see cref="MqttPublisher.Window"/>
/// unacknowledged, removes each from the journal on its acknowledgement, starts again from the oldest on every new
/// connection, counts what the full journal drops, and completes flush requests once everything before them is delivered.
/// </summary>
/// <remarks>
/// // Design: network thread only: the journal, <c>_cursor</c> (the next record to hand out), <c>_inflight</c> (message
/// id → record) and <c>_flushes</c> are touched by nothing else. Counters other threads read are stored into
/// <see cref="MqttCounters"/> with Volatile.Write/Interlocked (single writer).
/// </remarks>
internal sealed class OutboxPump
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    private readonly OutboxJournal _journal;
    private readonly BrokerConnection _connection;
    private readonly MessageBuilder _builder;
    private readonly MqttCounters _counters;
    private readonly MqttOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<int, OutboxRecord> _inflight = [];
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private LinkedListNode<OutboxRecord>? _cursor;
    private long _writeFailures;
    private long _lastStatus;
    private bool _statusDirty;

    public OutboxPump(OutboxJournal journal, BrokerConnection connection, MessageBuilder builder, MqttCounters counters, MqttOptions options, ILogger logger)
    {
        _journal = journal;
        _connection = connection;
        _builder = builder;
        _counters = counters;
        _options = options;
        _logger = logger;
        journal.Dropped = OnDropped;
        journal.WriteFailed = OnWriteFailed;
        Volatile.Write(ref counters.Corrupt, journal.CorruptRegions);
        _statusDirty = journal.CorruptRegions > 0;
    }

    /// <summary>Called for each record the broker acknowledged (benchmark latency).</summary>
    public Action<OutboxRecord>? Delivered { get; set; }

    /// <summary>Records not yet acknowledged.</summary>
    public int Pending => _journal.Records.Count;

    /// <summary>Journals a durable message; it goes out on this or the next connection.</summary>
    public void Append(OutgoingMessage message)
    {
        var record = _journal.Append(message);
        _cursor ??= record.Node;
    }

    /// <summary>A flush waits until every record journaled so far is delivered.</summary>
    public void AddFlush(TaskCompletionSource done) => _flushes.Add((_journal.LastSequence, done));

    /// <summary>A fresh connection: every live record is sent again from the oldest.</summary>
    public void Restart()
    {
        _inflight.Clear();
        _cursor = _journal.Records.First;
    }

    /// <summary>The client is gone, and with it every message id in flight.</summary>
    public void ConnectionClosed() => _inflight.Clear();

    /// <summary>Hands records to the connected broker, oldest first, keeping at most <see cref="MqttPublisher.Window"/> unacknowledged.</summary>
    public void Hand()
    {
        while (_cursor is { } node && _inflight.Count < MqttPublisher.Window)
        {
            var record = node.Value;
            var rc = _connection.Send(record.Topic.Utf8Z, record.Payload, _options.Qos, record.Retain, out var mid);
            if (rc is MosquittoStatus.NoConnection or MosquittoStatus.ConnectionLost or MosquittoStatus.Errno)
            {
                _connection.Lost(rc, quiet: false);
                return;
            }
            _cursor = node.Next;
            if (rc != MosquittoStatus.Success)
            {
                // Not a connection problem: this record can never be sent (e.g. larger than the broker allows).
                MqttLog.Unpublishable(_logger, record.Topic.Name, record.Sequence, MosquittoStatus.Describe(rc));
                _journal.Remove(record);
                continue;
            }
            record.Mid = mid;
            _inflight[mid] = record;
            _connection.SettleEarlyAcks();
        }
    }

    /// <summary>An acknowledgement; false when <paramref name="mid"/> is not a record of ours.</summary>
    public bool Acknowledged(int mid, int reasonCode)
    {
        if (!_inflight.Remove(mid, out var record))
        {
            return false;
        }
        if (reasonCode >= 0x80)
        {
            MqttLog.PublishRefused(_logger, record.Topic.Name, MosquittoStatus.DescribeReason(reasonCode));
        }
        if (record.Live)
        {
            _journal.Remove(record);
            Volatile.Write(ref _counters.Delivered, _counters.Delivered + 1); // single writer: this thread
            Delivered?.Invoke(record);
        }
        return true;
    }

    /// <summary>Publishes <c>outbox</c> status (drops, corrupt regions) at most once a second after it changed.</summary>
    public void PublishStatus()
    {
        if (!_statusDirty || Stopwatch.GetElapsedTime(_lastStatus) < StatusInterval)
        {
            return;
        }
        _statusDirty = false;
        _lastStatus = Stopwatch.GetTimestamp();
        var status = _builder.OutboxStatus(_counters.Snapshot());
        _ = _connection.Send(status.Topic.Utf8Z, status.Payload, 0, status.Retain, out _);
        _connection.SettleEarlyAcks();
    }

    /// <summary>Stores the journal's counters for <see cref="MqttCounters.Snapshot"/> and completes the flushes that are due.</summary>
    public void Report()
    {
        Volatile.Write(ref _counters.Pending, _journal.Records.Count);
        Volatile.Write(ref _counters.OutboxBytes, _journal.LiveBytes);
        Volatile.Write(ref _counters.Fsyncs, _journal.Syncs);
        if (_flushes.Count == 0)
        {
            return;
        }
        var deliveredThrough = _journal.Records.First is { } first ? first.Value.Sequence - 1 : _journal.LastSequence;
        for (var i = _flushes.Count - 1; i >= 0; i--)
        {
            if (_flushes[i].Target <= deliveredThrough)
            {
                _flushes[i].Done.TrySetResult();
                _flushes.RemoveAt(i);
            }
        }
    }

    /// <summary>Fails the flushes still waiting (the publisher stopped first).</summary>
    public void FailFlushes()
    {
        foreach (var (_, done) in _flushes)
        {
            done.TrySetException(new ObjectDisposedException(nameof(MqttPublisher), "stopped before everything was delivered"));
        }
        _flushes.Clear();
    }

    private void OnDropped(OutboxRecord record)
    {
        if (_cursor == record.Node)
        {
            _cursor = _cursor!.Next;
        }
        if (record.Mid != 0)
        {
            _inflight.Remove(record.Mid);
        }
        var low = record.Priority == EventPriority.Low;
        var total = Interlocked.Increment(ref low ? ref _counters.DroppedLow : ref _counters.DroppedHigh)
            + (low ? Volatile.Read(ref _counters.DroppedHigh) : Volatile.Read(ref _counters.DroppedLow));
        if (total == 1 || total % 1000 == 0)
        {
            MqttLog.Dropped(_logger, record.Priority.ToString().ToLowerInvariant(), record.Topic.Name, total, _options.Outbox.MaxBytes);
        }
        _statusDirty = true;
    }

    private void OnWriteFailed(IOException e)
    {
        // Disk full or failing: keep publishing from memory and retry the write on the next turn; say so, not too often.
        _writeFailures++;
        if ((_writeFailures & (_writeFailures - 1)) == 0)
        {
            MqttLog.WriteFailed(_logger, e, _options.Outbox.Path, _writeFailures);
        }
    }
}
