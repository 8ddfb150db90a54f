using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// Publishes to an MQTT broker through libmosquitto with a durable outbox: every durable message is journaled before
/// it is handed to the broker and removed on PUBACK; after a reconnect or a restart, what is left is sent again in
/// order (receivers drop duplicates by event id). Publishes <c>online</c> (retained) on every connect, registers
/// <c>offline</c> as Last Will, publishes <c>stopped</c> on clean shutdown; subscribes to <c>&lt;prefix&gt;/+/set</c>
/// and turns valid commands into <see cref="ICommandSource.Commands"/>; publishes Home Assistant discovery when enabled.
/// </summary>
/// <remarks>
/// // Design: one dedicated network thread ("mqtt") owns the journal, the libmosquitto client, the in-flight map and
/// the hand-out cursor; it alone calls into libmosquitto, so callbacks run on it too. Producers (any thread) only
/// enqueue into <c>_input</c> (a ConcurrentQueue) and wake the thread through <c>_waiter</c>'s eventfd. Counters read
/// by <see cref="Stats"/> are written by the network thread with Volatile/Interlocked (<c>_accepted</c> by producers).
/// <c>_stopRequested</c> is set by <see cref="DisposeAsync"/> and read by the thread each turn.
/// A fresh mosquitto object serves each connection, so the outbox is the only retransmission queue: on connect every
/// live record is handed again from the oldest, at most <see cref="Window"/> unacknowledged at a time.
/// </remarks>
public sealed partial class MqttPublisher : QueuedEventSink, IMosquittoListener
{
    /// <summary>Most records handed to the broker and not yet acknowledged.</summary>
    public const int Window = 1000;

    private static readonly TimeSpan ConnackTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromMilliseconds(300);

    private readonly MqttOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CommandParser _parser;
    private readonly IReadOnlyList<OutgoingMessage> _discovery;
    private readonly ConcurrentQueue<object> _input = new();
    private readonly SocketWaiter _waiter = new();
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private int _stopRequested;
    private int _sleeping; // 1 while the network thread is (about to be) blocked in poll; producers wake it only then

    // Network thread only.
    private OutboxJournal? _journal;
    private MosquittoClient? _client;
    private ConnectionState _state;
    private bool _dropConnection;
    private long _nextAttempt;
    private long _connackDeadline;
    private TimeSpan _backoff;
    private int _failedAttempts;
    private long _writeFailures;
    private readonly Dictionary<int, OutboxRecord> _inflight = [];
    private readonly List<(int Mid, int Reason)> _earlyAcks = [];
    private bool _inPublish;
    private LinkedListNode<OutboxRecord>? _cursor;
    private readonly List<(long Target, TaskCompletionSource Done)> _flushes = [];
    private long _shutdownDeadline;
    private int _stoppedMid = -1;
    private int _commandsMid = -1;
    private bool _stoppedAcked;
    private long _lastOutboxStatus;
    private bool _outboxStatusDirty;

    // Written by the network thread (producers for _accepted), read anywhere.
    private long _accepted;
    private long _delivered;
    private long _pending;
    private long _outboxBytes;
    private long _fsyncs;
    private long _droppedLow;
    private long _droppedHigh;
    private long _corrupt;
    private long _commandsRejected;
    private long _commandsAccepted;
    private int _connected;

    /// <summary>Creates the publisher; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Broker, TLS, outbox and discovery settings.</param>
    /// <param name="sensors">Sensor names that commands may pause and resume.</param>
    /// <param name="discoverySources">Which sources the Home Assistant binary sensors watch.</param>
    /// <param name="logger">Where connection changes, refusals, drops and rejected commands are logged.</param>
    /// <param name="time">The clock used to stamp received commands.</param>
    public MqttPublisher(MqttOptions options, IEnumerable<string> sensors, DiscoverySources discoverySources, ILogger logger, TimeProvider? time = null)
        : base(new MessageBuilder(new Topics(options.TopicPrefix)))
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _parser = new CommandParser(sensors);
        _backoff = options.ReconnectMin;
        _discovery = options.DiscoveryEnabled
            ? HomeAssistantDiscovery.Messages(Builder.Topics, options.ClientId, options.DiscoveryPrefix, discoverySources,
                typeof(MqttPublisher).Assembly.GetName().Version?.ToString(3) ?? "0")
            : [];
    }

    /// <summary>Called on the network thread for each record the broker acknowledged (benchmark latency).</summary>
    public Action<OutboxRecord>? Delivered { get; set; }

    /// <summary>Called on the network thread for each rejected command: topic and reason.</summary>
    public Action<string, string>? CommandRejected { get; set; }

    /// <summary>The topic layout.</summary>
    public Topics Topics => Builder.Topics;

    /// <inheritdoc />
    public override string Name => "mqtt";

    /// <summary>Whether the broker accepted the current connection.</summary>
    public bool Connected => Volatile.Read(ref _connected) != 0;

    /// <inheritdoc />
    public override OutputStats Stats => new()
    {
        Accepted = Volatile.Read(ref _accepted),
        Delivered = Volatile.Read(ref _delivered),
        Pending = Volatile.Read(ref _pending),
        OutboxBytes = Volatile.Read(ref _outboxBytes),
        Fsyncs = Volatile.Read(ref _fsyncs),
        DroppedLow = Volatile.Read(ref _droppedLow),
        DroppedHigh = Volatile.Read(ref _droppedHigh),
        CorruptSkipped = Volatile.Read(ref _corrupt),
        Connected = Connected,
        CommandsRejected = Volatile.Read(ref _commandsRejected),
        CommandsAccepted = Volatile.Read(ref _commandsAccepted),
    };

    /// <summary>Opens (and recovers) the outbox and starts the network thread; returns once the outbox is open, without waiting for the broker.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("already started");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "mqtt" };
        _thread.Start();
        return _opened.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var request = new FlushRequest();
        _input.Enqueue(request);
        _waiter.Wake();
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops: delivers what it can within a short budget, publishes <c>stopped</c>, disconnects cleanly (so the
    /// broker discards the Last Will) and closes the journal; what was not acknowledged stays in it for the next start.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 0 && _thread is not null)
        {
            _waiter.Wake();
            await _stopped.Task.ConfigureAwait(false);
        }
        CommandWriter.TryComplete();
        _waiter.Dispose();
    }

    /// <inheritdoc />
    protected override void Enqueue(OutgoingMessage message)
    {
        _input.Enqueue(message); // a full fence: the enqueue is visible before _sleeping is read
        if (message.Durable)
        {
            Interlocked.Increment(ref _accepted);
        }
        // One eventfd write per sleep, not per message: the producer (the cascade) makes no syscall while the
        // network thread is busy anyway.
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            _waiter.Wake();
        }
    }

    private void Run()
    {
        try
        {
            _journal = OutboxJournal.Open(_options.Outbox, _logger);
            _journal.Dropped = OnDropped;
            _journal.WriteFailed = OnWriteFailed;
            Volatile.Write(ref _corrupt, _journal.CorruptRegions);
            _outboxStatusDirty = _journal.CorruptRegions > 0;
        }
        catch (Exception e)
        {
            LogOutboxFailed(_logger, e, _options.Outbox.Path);
            _opened.TrySetException(e);
            _stopped.TrySetResult();
            return;
        }
        _opened.TrySetResult();
        try
        {
            Loop(_journal);
        }
        catch (Exception e)
        {
            LogFailed(_logger, e);
        }
        finally
        {
            CloseClient();
            try
            {
                _journal.Dispose();
            }
            catch (IOException e)
            {
                LogOutboxFailed(_logger, e, _options.Outbox.Path);
            }
            foreach (var (_, done) in _flushes)
            {
                done.TrySetException(new ObjectDisposedException(nameof(MqttPublisher), "stopped before everything was delivered"));
            }
            while (_input.TryDequeue(out var item))
            {
                (item as FlushRequest)?.Done.TrySetException(new ObjectDisposedException(nameof(MqttPublisher)));
            }
            _stopped.TrySetResult();
        }
    }

    private void Loop(OutboxJournal journal)
    {
        while (true)
        {
            var stopping = Volatile.Read(ref _stopRequested) != 0;
            if (stopping && _shutdownDeadline == 0)
            {
                _shutdownDeadline = Stopwatch.GetTimestamp() + (long)(ShutdownDrain.TotalSeconds * Stopwatch.Frequency);
            }
            Drain(journal);
            journal.Commit();
            if (stopping && ShutdownStep(journal))
            {
                return;
            }
            if (_client is null && !stopping && Stopwatch.GetTimestamp() >= _nextAttempt)
            {
                StartConnect();
            }
            if (_state == ConnectionState.Connected)
            {
                Hand(journal);
                PublishOutboxStatus();
            }
            else if (_state == ConnectionState.Connecting && Stopwatch.GetTimestamp() > _connackDeadline)
            {
                LogNoConnack(_logger, _options.Host, _options.Port, ConnackTimeout.TotalSeconds);
                Lost(MosquittoStatus.ConnectionLost, quiet: true);
            }
            Publish(journal);
            Pump(journal);
        }
    }

    /// <summary>Moves queued messages into the journal (durable) or straight to the broker (transient, only when connected).</summary>
    private void Drain(OutboxJournal journal)
    {
        while (_input.TryDequeue(out var item))
        {
            if (item is FlushRequest flush)
            {
                _flushes.Add((journal.LastSequence, flush.Done));
                continue;
            }
            var message = (OutgoingMessage)item;
            if (message.Durable)
            {
                var record = journal.Append(message);
                _cursor ??= record.Node;
            }
            else if (_state == ConnectionState.Connected && _client is { } client)
            {
                // Best effort: stats and levels are superseded by the next one, so nothing is kept while offline.
                _ = Send(client, message.Topic.Utf8Z, message.Payload, 0, message.Retain, out _);
                SettleEarlyAcks();
            }
        }
    }

    /// <summary>Hands records to the broker, oldest first, keeping at most <see cref="Window"/> unacknowledged.</summary>
    private void Hand(OutboxJournal journal)
    {
        var client = _client!;
        while (_cursor is { } node && _inflight.Count < Window)
        {
            var record = node.Value;
            var rc = Send(client, record.Topic.Utf8Z, record.Payload, _options.Qos, record.Retain, out var mid);
            if (rc is MosquittoStatus.NoConnection or MosquittoStatus.ConnectionLost or MosquittoStatus.Errno)
            {
                Lost(rc, quiet: false);
                return;
            }
            _cursor = node.Next;
            if (rc != MosquittoStatus.Success)
            {
                // Not a connection problem: this record can never be sent (e.g. larger than the broker allows).
                LogUnpublishable(_logger, record.Topic.Name, record.Sequence, MosquittoStatus.Describe(rc));
                journal.Remove(record);
                continue;
            }
            record.Mid = mid;
            _inflight[mid] = record;
            SettleEarlyAcks();
        }
    }

    /// <summary>
    /// Publishes, holding back completions that fire inside the call: libmosquitto writes a QoS 0 packet at once and
    /// reports it "published" before it returns the message id, so the id is not in <c>_inflight</c> yet.
    /// </summary>
    private int Send(MosquittoClient client, ReadOnlySpan<byte> topicZ, ReadOnlySpan<byte> payload, int qos, bool retain, out int mid)
    {
        _inPublish = true;
        try
        {
            return client.Publish(topicZ, payload, qos, retain, out mid);
        }
        finally
        {
            _inPublish = false;
        }
    }

    private void SettleEarlyAcks()
    {
        if (_earlyAcks.Count == 0)
        {
            return;
        }
        foreach (var (mid, reason) in _earlyAcks)
        {
            Completed(mid, reason);
        }
        _earlyAcks.Clear();
    }

    private void Publish(OutboxJournal journal)
    {
        Volatile.Write(ref _pending, journal.Records.Count);
        Volatile.Write(ref _outboxBytes, journal.LiveBytes);
        Volatile.Write(ref _fsyncs, journal.Syncs);
        if (_flushes.Count == 0)
        {
            return;
        }
        var deliveredThrough = journal.Records.First is { } first ? first.Value.Sequence - 1 : journal.LastSequence;
        for (var i = _flushes.Count - 1; i >= 0; i--)
        {
            if (_flushes[i].Target <= deliveredThrough)
            {
                _flushes[i].Done.TrySetResult();
                _flushes.RemoveAt(i);
            }
        }
    }

    /// <summary>Waits for the socket, a wake-up or the next deadline, then lets libmosquitto read, write and keep alive.</summary>
    private void Pump(OutboxJournal journal)
    {
        var timeout = TimeSpan.FromSeconds(1);
        if (journal.SyncDueIn is { } sync && sync < timeout)
        {
            timeout = sync;
        }
        if (_client is null)
        {
            var untilAttempt = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextAttempt);
            if (untilAttempt < timeout)
            {
                timeout = untilAttempt;
            }
        }
        if (_stopRequested != 0)
        {
            timeout = TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds, 20));
        }
        // Announce the sleep before looking at the queue (Exchange is a full fence), so a producer that enqueues after
        // the look sees _sleeping == 1 and wakes us.
        Interlocked.Exchange(ref _sleeping, 1);
        var timeoutMs = _input.IsEmpty ? (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 0, 1000) : 0;
        try
        {
            WaitAndServe(timeoutMs);
        }
        finally
        {
            Volatile.Write(ref _sleeping, 0);
        }
    }

    private void WaitAndServe(int timeoutMs)
    {
        if (_client is not { } client || client.Socket < 0)
        {
            _waiter.Wait(-1, false, timeoutMs);
            return;
        }
        var (readable, writable, _) = _waiter.Wait(client.Socket, client.WantWrite, timeoutMs);
        var rc = MosquittoStatus.Success;
        if (readable)
        {
            rc = client.LoopRead();
        }
        if (rc == MosquittoStatus.Success && !_dropConnection && (writable || client.WantWrite))
        {
            rc = client.LoopWrite();
        }
        if (rc == MosquittoStatus.Success && !_dropConnection)
        {
            rc = client.LoopMisc();
        }
        if (rc != MosquittoStatus.Success || _dropConnection)
        {
            Lost(rc == MosquittoStatus.Success ? MosquittoStatus.ConnectionLost : rc, quiet: _dropConnection);
        }
    }

    private void StartConnect()
    {
        try
        {
            _client = new MosquittoClient(new MosquittoClientOptions
            {
                ClientId = _options.ClientId,
                Mqtt5 = _options.Mqtt5,
                KeepAliveSeconds = (int)_options.KeepAlive.TotalSeconds,
                Username = _options.Username,
                Password = _options.Password,
                CaFile = _options.CaFile,
                CertFile = _options.CertFile,
                KeyFile = _options.KeyFile,
                WillTopic = Topics.Available.Name,
                WillPayload = "offline"u8.ToArray(),
                WillQos = 1,
                WillRetain = true,
            }, this);
        }
        catch (MosquittoException e)
        {
            // A client that cannot even be configured (unreadable certificate...) is a configuration error.
            LogClientFailed(_logger, e.Message, _backoff.TotalSeconds);
            ScheduleRetry();
            return;
        }
        _dropConnection = false;
        var rc = _client.Connect(_options.Host, _options.Port);
        if (rc != MosquittoStatus.Success)
        {
            var reason = MosquittoStatus.Describe(rc);
            CloseClient();
            ConnectFailed(reason);
            return;
        }
        _state = ConnectionState.Connecting;
        _connackDeadline = Stopwatch.GetTimestamp() + (long)(ConnackTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    private void Lost(int rc, bool quiet)
    {
        var wasConnected = _state == ConnectionState.Connected;
        CloseClient();
        if (wasConnected)
        {
            LogLost(_logger, _options.Host, _options.Port, MosquittoStatus.Describe(rc), _journal?.Records.Count ?? 0);
        }
        else if (!quiet)
        {
            ConnectFailed(MosquittoStatus.Describe(rc));
            return;
        }
        ScheduleRetry();
    }

    /// <summary>An unreachable broker is logged on the 1st, 2nd, 4th, 8th... failed attempt in a row, not every second.</summary>
    private void ConnectFailed(string reason)
    {
        _failedAttempts++;
        if ((_failedAttempts & (_failedAttempts - 1)) == 0)
        {
            LogConnectFailed(_logger, _options.Host, _options.Port, reason, _failedAttempts, _backoff.TotalSeconds);
        }
        ScheduleRetry();
    }

    private void CloseClient()
    {
        _client?.Dispose();
        _client = null;
        _state = ConnectionState.Disconnected;
        _inflight.Clear();
        Volatile.Write(ref _connected, 0);
    }

    private void ScheduleRetry()
    {
        // Exponential backoff with ±20 % jitter so a fleet does not reconnect in step after a broker restart.
        var delay = _backoff * (0.8 + 0.4 * Random.Shared.NextDouble());
        _nextAttempt = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _backoff = TimeSpan.FromTicks(Math.Min(_options.ReconnectMax.Ticks, _backoff.Ticks * 2));
    }

    private bool ShutdownStep(OutboxJournal journal)
    {
        if (_state != ConnectionState.Connected || _client is not { } client)
        {
            return true; // not connected: the journal keeps everything for the next start
        }
        var now = Stopwatch.GetTimestamp();
        if (journal.Records.Count > 0 && now < _shutdownDeadline)
        {
            return false;
        }
        if (_stoppedMid < 0)
        {
            var stopped = Builder.Available("stopped");
            if (Send(client, stopped.Topic.Utf8Z, stopped.Payload, 1, retain: true, out var mid) != MosquittoStatus.Success)
            {
                return true;
            }
            _stoppedMid = mid;
            _shutdownDeadline = now + Stopwatch.Frequency / 5;
            return false;
        }
        if (!_stoppedAcked && now < _shutdownDeadline)
        {
            return false;
        }
        // A clean DISCONNECT: the broker drops the Last Will, so "stopped" stays the retained state.
        client.Disconnect();
        client.LoopWrite();
        LogStopped(_logger, journal.Records.Count);
        return true;
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
        var total = Interlocked.Increment(ref record.Priority == EventPriority.Low ? ref _droppedLow : ref _droppedHigh)
            + (record.Priority == EventPriority.Low ? Volatile.Read(ref _droppedHigh) : Volatile.Read(ref _droppedLow));
        if (total == 1 || total % 1000 == 0)
        {
            LogDropped(_logger, record.Priority.ToString().ToLowerInvariant(), record.Topic.Name, total, _options.Outbox.MaxBytes);
        }
        _outboxStatusDirty = true;
    }

    private void OnWriteFailed(IOException e)
    {
        // Disk full or failing: keep publishing from memory and retry the write on the next turn; say so, not too often.
        _writeFailures++;
        if ((_writeFailures & (_writeFailures - 1)) == 0)
        {
            LogWriteFailed(_logger, e, _options.Outbox.Path, _writeFailures);
        }
    }

    private void PublishOutboxStatus()
    {
        if (!_outboxStatusDirty || Stopwatch.GetElapsedTime(_lastOutboxStatus) < TimeSpan.FromSeconds(1))
        {
            return;
        }
        _outboxStatusDirty = false;
        _lastOutboxStatus = Stopwatch.GetTimestamp();
        var status = Builder.OutboxStatus(Stats);
        _ = Send(_client!, status.Topic.Utf8Z, status.Payload, 0, status.Retain, out _);
        SettleEarlyAcks();
    }

    void IMosquittoListener.OnConnect(int code)
    {
        if (code != 0)
        {
            LogRefused(_logger, _options.Host, _options.Port, MosquittoStatus.DescribeConnack(code, _options.Mqtt5), code, _backoff.TotalSeconds);
            _dropConnection = true;
            return;
        }
        var client = _client!;
        _state = ConnectionState.Connected;
        _backoff = _options.ReconnectMin;
        _failedAttempts = 0;
        Volatile.Write(ref _connected, 1);
        var online = Builder.Available("online");
        _ = Send(client, online.Topic.Utf8Z, online.Payload, 1, retain: true, out _);
        MosquittoStatus.Check(client.Subscribe(Topics.CommandFilter, 1, out _commandsMid), "subscribe");
        foreach (var config in _discovery)
        {
            _ = Send(client, config.Topic.Utf8Z, config.Payload, 1, retain: true, out _);
        }
        // A fresh connection: every live record is sent again from the oldest.
        _inflight.Clear();
        _cursor = _journal!.Records.First;
        LogConnected(_logger, _options.Host, _options.Port, _options.Mqtt5 ? "5" : "3.1.1", _options.CaFile is null ? "" : " over TLS", _journal.Records.Count);
    }

    void IMosquittoListener.OnDisconnect(int code) => _dropConnection = true;

    void IMosquittoListener.OnPublish(int mid, int reasonCode)
    {
        if (_inPublish)
        {
            _earlyAcks.Add((mid, reasonCode));
            return;
        }
        Completed(mid, reasonCode);
    }

    private void Completed(int mid, int reasonCode)
    {
        if (_inflight.Remove(mid, out var record))
        {
            if (reasonCode >= 0x80)
            {
                LogPublishRefused(_logger, record.Topic.Name, MosquittoStatus.DescribeReason(reasonCode));
            }
            if (record.Live)
            {
                _journal!.Remove(record);
                Volatile.Write(ref _delivered, _delivered + 1); // single writer: this thread
                Delivered?.Invoke(record);
            }
        }
        else if (mid == _stoppedMid)
        {
            _stoppedAcked = true;
        }
    }

    void IMosquittoListener.OnSubscribe(int mid, int grantedQos)
    {
        if (mid == _commandsMid && grantedQos >= 0x80)
        {
            LogSubscribeRefused(_logger, Topics.CommandFilter);
        }
    }

    void IMosquittoListener.OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain)
    {
        var topicText = Encoding.UTF8.GetString(topic);
        string reason;
        EdgeCommand? command = null;
        if (retain)
        {
            reason = "retained command ignored (a command acts once, when it is sent)";
        }
        else if (Topics.CommandFeature(topicText) is not { } feature)
        {
            reason = "not a command topic";
        }
        else
        {
            command = _parser.Parse(feature, payload, "mqtt", Timestamp.Now(_time).Nanoseconds, out reason);
        }
        if (command is not null)
        {
            CommandWriter.TryWrite(command);
            Interlocked.Increment(ref _commandsAccepted);
            LogCommand(_logger, command.Feature, command.ToString());
            return;
        }
        var rejected = Interlocked.Increment(ref _commandsRejected);
        if (rejected <= 20 || rejected % 1000 == 0)
        {
            LogCommandRejected(_logger, CommandParser.Printable(topicText), reason, rejected);
        }
        CommandRejected?.Invoke(topicText, reason);
    }

    void IMosquittoListener.OnLog(MosquittoLogLevel level, string message)
    {
        if (level == MosquittoLogLevel.Error)
        {
            LogLibraryError(_logger, message);
        }
        else
        {
            LogLibraryWarning(_logger, message);
        }
    }

    private enum ConnectionState
    {
        Disconnected,
        Connecting,
        Connected,
    }

    private sealed class FlushRequest
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: connected to {Host}:{Port} (MQTT {Protocol}{Tls}); {Pending} outbox record(s) to send")]
    private static partial void LogConnected(ILogger logger, string host, int port, string protocol, string tls, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: cannot connect to {Host}:{Port}: {Reason} (attempt {Attempt}); retrying in {Seconds:F1} s; events wait in the outbox")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: cannot set up the client: {Reason}; retrying in {Seconds:F1} s")]
    private static partial void LogClientFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: broker {Host}:{Port} refused the connection: {Reason} (code {Code}); retrying in {Seconds:F1} s")]
    private static partial void LogRefused(ILogger logger, string host, int port, string reason, int code, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: no CONNACK from {Host}:{Port} within {Seconds} s; reconnecting")]
    private static partial void LogNoConnack(ILogger logger, string host, int port, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: connection to {Host}:{Port} lost: {Reason}; {Pending} record(s) kept in the outbox")]
    private static partial void LogLost(ILogger logger, string host, int port, string reason, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: stopped cleanly; {Pending} record(s) left in the outbox")]
    private static partial void LogStopped(ILogger logger, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: outbox full ({MaxBytes} bytes): dropped a {Priority}-priority record on {Topic} ({Total} dropped so far)")]
    private static partial void LogDropped(ILogger logger, string priority, string topic, long total, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: record {Sequence} on {Topic} cannot be published and is discarded: {Reason}")]
    private static partial void LogUnpublishable(ILogger logger, string topic, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: broker refused a publish on {Topic}: {Reason}")]
    private static partial void LogPublishRefused(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: the broker refused the command subscription {Filter}; commands will not arrive")]
    private static partial void LogSubscribeRefused(ILogger logger, string filter);

    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: command {Feature} accepted: {Command}")]
    private static partial void LogCommand(ILogger logger, string feature, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: command on {Topic} rejected: {Reason} ({Count} rejected so far)")]
    private static partial void LogCommandRejected(ILogger logger, string topic, string reason, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: libmosquitto: {Message}")]
    private static partial void LogLibraryError(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: libmosquitto: {Message}")]
    private static partial void LogLibraryWarning(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: cannot write the outbox journal {Path} ({Count} failures so far); events are kept in memory and still sent, but would not survive a crash")]
    private static partial void LogWriteFailed(ILogger logger, Exception e, string path, long count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "mqtt: cannot open the outbox journal {Path}")]
    private static partial void LogOutboxFailed(ILogger logger, Exception e, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "mqtt: network thread failed; events are no longer published")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
