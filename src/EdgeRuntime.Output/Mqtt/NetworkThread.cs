using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// The publisher's one thread ("mqtt"): opens the outbox, then turns until stopped: moves queued messages into the
/// journal, commits it, lets the connection connect or time out, hands records out, then sleeps in poll on the broker
/// socket and an eventfd until the socket, a producer, the next fsync or the next reconnect attempt needs it.
/// On stop it drains briefly, says goodbye when connected and closes the journal; what was not acknowledged stays in it.
/// </summary>
/// <remarks>
/// // Design: producers (any thread) only call <see cref="Post"/>: a ConcurrentQueue enqueue, then an eventfd write
/// only when the thread announced a sleep (<c>_sleeping</c>, exchanged on both sides, so a wake-up is never lost and
/// never paid per message). <c>_stopRequested</c> is set once by <see cref="RequestStop"/> and read every turn.
/// Everything else (journal, connection, pump, announcer) is owned by the thread; it alone calls into libmosquitto.
/// <see cref="Opened"/> completes when the journal is open, <see cref="Stopped"/> when the thread has finished.
/// </remarks>
internal sealed class NetworkThread : IConnectionEvents
{
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromMilliseconds(300);

    private readonly MqttOptions _options;
    private readonly ILogger _logger;
    private readonly BrokerConnection _connection;
    private readonly SessionAnnouncer _announcer;
    private readonly CommandReceiver _commands;
    private readonly MessageBuilder _builder;
    private readonly MqttCounters _counters;
    private readonly ConcurrentQueue<object> _input = new();
    private readonly SocketWaiter _waiter = new();
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private int _stopRequested;
    private int _sleeping; // 1 while the thread is (about to be) blocked in poll; producers wake it only then

    // Thread only.
    private OutboxPump? _pump;
    private long _shutdownDeadline;

    public NetworkThread(MqttOptions options, MessageBuilder builder, CommandReceiver commands, IReadOnlyList<OutgoingMessage> discovery, MqttCounters counters, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _builder = builder;
        _commands = commands;
        _counters = counters;
        _connection = new BrokerConnection(options, builder.Topics, logger, counters, commands);
        _connection.Attach(this);
        _announcer = new SessionAnnouncer(builder, discovery, logger);
    }

    /// <summary>Called on the thread for each record the broker acknowledged.</summary>
    public Action<OutboxRecord>? Delivered { get; set; }

    /// <summary>Completes once the journal is open (faults when it cannot be).</summary>
    public Task Opened => _opened.Task;

    /// <summary>Completes once the thread has finished.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Whether <see cref="Start"/> was called.</summary>
    public bool Started => _thread is not null;

    /// <summary>Starts the thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("already started");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "mqtt" };
        _thread.Start();
    }

    /// <summary>Queues a message or a flush request; never blocks.</summary>
    public void Post(object item)
    {
        _input.Enqueue(item); // a full fence: the enqueue is visible before _sleeping is read
        // One eventfd write per sleep, not per message: the producer (the cascade) makes no syscall while the
        // network thread is busy anyway.
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            _waiter.Wake();
        }
    }

    /// <summary>Queues a flush request and wakes the thread at once.</summary>
    public void PostFlush(FlushRequest request)
    {
        _input.Enqueue(request);
        _waiter.Wake();
    }

    /// <summary>Asks the thread to stop; true for the first caller.</summary>
    public bool RequestStop()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0)
        {
            return false;
        }
        _waiter.Wake();
        return true;
    }

    /// <summary>Releases the eventfd once the thread has stopped (or never started).</summary>
    public void Dispose() => _waiter.Dispose();

    private void Run()
    {
        OutboxJournal journal;
        try
        {
            journal = OutboxJournal.Open(_options.Outbox, _logger);
            _pump = new OutboxPump(journal, _connection, _builder, _counters, _options, _logger) { Delivered = record => Delivered?.Invoke(record) };
        }
        catch (Exception e)
        {
            MqttLog.OutboxFailed(_logger, e, _options.Outbox.Path);
            _opened.TrySetException(e);
            _stopped.TrySetResult();
            return;
        }
        _opened.TrySetResult();
        try
        {
            Loop(journal, _pump);
        }
        catch (Exception e)
        {
            MqttLog.Failed(_logger, e);
        }
        finally
        {
            _connection.Close();
            try
            {
                journal.Dispose();
            }
            catch (IOException e)
            {
                MqttLog.OutboxFailed(_logger, e, _options.Outbox.Path);
            }
            _pump.FailFlushes();
            while (_input.TryDequeue(out var item))
            {
                (item as FlushRequest)?.Done.TrySetException(new ObjectDisposedException(nameof(MqttPublisher)));
            }
            _stopped.TrySetResult();
        }
    }

    private void Loop(OutboxJournal journal, OutboxPump pump)
    {
        while (true)
        {
            var stopping = Volatile.Read(ref _stopRequested) != 0;
            if (stopping && _shutdownDeadline == 0)
            {
                _shutdownDeadline = Stopwatch.GetTimestamp() + (long)(ShutdownDrain.TotalSeconds * Stopwatch.Frequency);
            }
            Drain(pump);
            journal.Commit();
            if (stopping && ShutdownStep(pump))
            {
                return;
            }
            _connection.Turn(stopping);
            if (_connection.IsConnected)
            {
                pump.Hand();
                pump.PublishStatus();
            }
            pump.Report();
            Sleep(journal);
        }
    }

    /// <summary>Moves queued messages into the journal (durable) or straight to the broker (transient, only when connected).</summary>
    private void Drain(OutboxPump pump)
    {
        while (_input.TryDequeue(out var item))
        {
            if (item is FlushRequest flush)
            {
                pump.AddFlush(flush.Done);
                continue;
            }
            var message = (OutgoingMessage)item;
            if (message.Durable)
            {
                pump.Append(message);
            }
            else if (_connection.IsConnected)
            {
                // Best effort: stats and levels are superseded by the next one, so nothing is kept while offline.
                _ = _connection.Send(message.Topic.Utf8Z, message.Payload, 0, message.Retain, out _);
                _connection.SettleEarlyAcks();
            }
        }
    }

    /// <summary>One step of stopping; true when done. Not connected: the journal keeps everything for the next start.</summary>
    private bool ShutdownStep(OutboxPump pump)
    {
        if (!_connection.IsConnected)
        {
            return true;
        }
        var now = Stopwatch.GetTimestamp();
        if (pump.Pending > 0 && now < _shutdownDeadline)
        {
            return false;
        }
        return _announcer.Goodbye(_connection, now, pump.Pending);
    }

    /// <summary>Waits for the socket, a wake-up or the next deadline, then lets the connection serve the socket.</summary>
    private void Sleep(OutboxJournal journal)
    {
        var timeout = TimeSpan.FromSeconds(1);
        if (journal.SyncDueIn is { } sync && sync < timeout)
        {
            timeout = sync;
        }
        timeout = _connection.Clamp(timeout);
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
            _connection.Serve(_waiter, timeoutMs);
        }
        finally
        {
            Volatile.Write(ref _sleeping, 0);
        }
    }

    void IConnectionEvents.Connected()
    {
        _announcer.Connected(_connection, _commands);
        _pump!.Restart();
        MqttLog.Connected(_logger, _options.Host, _options.Port, _options.Mqtt5 ? "5" : "3.1.1", !_options.TlsEnabled ? "" : _options.CaFile is null ? " over TLS trusting " + _options.CaPath : " over TLS", _pump.Pending);
    }

    void IConnectionEvents.Closed(string? lostReason)
    {
        _pump?.ConnectionClosed();
        if (lostReason is not null)
        {
            MqttLog.Lost(_logger, _options.Host, _options.Port, lostReason, _pump?.Pending ?? 0);
        }
    }

    void IConnectionEvents.Acknowledged(int mid, int reasonCode)
    {
        if (!_pump!.Acknowledged(mid, reasonCode))
        {
            _announcer.Acknowledged(mid);
        }
    }
}
