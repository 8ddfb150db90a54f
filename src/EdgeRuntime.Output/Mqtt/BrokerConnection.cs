using System.Diagnostics;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// The connection to the broker: a state machine (disconnected → connecting → connected) over one libmosquitto client
/// per connection, with backoff between attempts and a CONNACK deadline, driven by the network thread's turns.
/// </summary>
/// <remarks>
/// // Design: network thread only. It alone creates, drives and disposes <c>_client</c>, so libmosquitto's callbacks
/// (which arrive inside <see cref="Serve"/>'s read/write calls, on that thread) find consistent state without locks.
/// The one field read by other threads is <see cref="MqttCounters.Connected"/>, stored with Volatile.Write.
/// A fresh client serves each connection, so the library keeps no queue of its own across connections.
/// </remarks>
internal sealed class BrokerConnection : IMosquittoListener
{
    private static readonly TimeSpan ConnackTimeout = TimeSpan.FromSeconds(10);

    private readonly MqttOptions _options;
    private readonly Topics _topics;
    private readonly ILogger _logger;
    private readonly MqttCounters _counters;
    private readonly CommandReceiver _commands;
    private readonly ReconnectBackoff _backoff;
    private readonly List<(int Mid, int Reason)> _earlyAcks = [];
    private IConnectionEvents? _events;
    private MosquittoClient? _client;
    private ConnectionState _state;
    private bool _dropConnection;
    private bool _inPublish;
    private long _connackDeadline;

    public BrokerConnection(MqttOptions options, Topics topics, ILogger logger, MqttCounters counters, CommandReceiver commands)
    {
        _options = options;
        _topics = topics;
        _logger = logger;
        _counters = counters;
        _commands = commands;
        _backoff = new ReconnectBackoff(options.ReconnectMin, options.ReconnectMax);
    }

    /// <summary>Whether the broker accepted the current connection.</summary>
    public bool IsConnected => _state == ConnectionState.Connected;

    /// <summary>The connected client (null unless <see cref="IsConnected"/>).</summary>
    public MosquittoClient? Client => _state == ConnectionState.Connected ? _client : null;

    /// <summary>Who hears about connects, losses and acknowledgements; set once before the first turn.</summary>
    public void Attach(IConnectionEvents events) => _events = events;

    /// <summary>One turn: starts an attempt when one is due (never while stopping) and gives up on a connection that got no CONNACK in time.</summary>
    public void Turn(bool stopping)
    {
        if (_client is null && !stopping && _backoff.Due)
        {
            StartConnect();
        }
        else if (_state == ConnectionState.Connecting && Stopwatch.GetTimestamp() > _connackDeadline)
        {
            MqttLog.NoConnack(_logger, _options.Host, _options.Port, ConnackTimeout.TotalSeconds);
            Lost(MosquittoStatus.ConnectionLost, quiet: true);
        }
    }

    /// <summary>How long the network thread may sleep before this connection needs a turn.</summary>
    public TimeSpan Clamp(TimeSpan timeout) =>
        _client is null && _backoff.UntilNextAttempt < timeout ? _backoff.UntilNextAttempt : timeout;

    /// <summary>
    /// Publishes, holding back completions that fire inside the call: libmosquitto writes a QoS 0 packet at once and
    /// reports it "published" before it returns the message id, so the caller has not recorded the id yet. Call
    /// <see cref="SettleEarlyAcks"/> once it has.
    /// </summary>
    public int Send(ReadOnlySpan<byte> topicZ, ReadOnlySpan<byte> payload, int qos, bool retain, out int mid)
    {
        _inPublish = true;
        try
        {
            return _client!.Publish(topicZ, payload, qos, retain, out mid);
        }
        finally
        {
            _inPublish = false;
        }
    }

    /// <summary>Delivers the completions <see cref="Send"/> held back.</summary>
    public void SettleEarlyAcks()
    {
        if (_earlyAcks.Count == 0)
        {
            return;
        }
        foreach (var (mid, reason) in _earlyAcks)
        {
            _events!.Acknowledged(mid, reason);
        }
        _earlyAcks.Clear();
    }

    /// <summary>Waits on the socket (or only on <paramref name="waiter"/> without one), then lets libmosquitto read, write and keep alive.</summary>
    public void Serve(SocketWaiter waiter, int timeoutMs)
    {
        if (_client is not { } client || client.Socket < 0)
        {
            waiter.Wait(-1, false, timeoutMs);
            return;
        }
        var (readable, writable, _) = waiter.Wait(client.Socket, client.WantWrite, timeoutMs);
        var rc = MosquittoStatus.Success;
        // While connecting, a writable socket means the TCP handshake ended; the read call also carries an
        // unfinished TLS handshake forward (libmosquitto's write call only waits for it).
        if (readable || (writable && _state == ConnectionState.Connecting))
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

    /// <summary>
    /// The connection failed: closes the client and schedules the next attempt. A lost accepted connection is
    /// reported through <see cref="IConnectionEvents.Closed"/>; a failed attempt is logged here unless <paramref name="quiet"/>
    /// (the cause was logged already).
    /// </summary>
    public void Lost(int rc, bool quiet)
    {
        var wasConnected = _state == ConnectionState.Connected;
        var reason = MosquittoStatus.Describe(rc);
        Close(wasConnected ? reason : null);
        if (!wasConnected && !quiet)
        {
            ConnectFailed(reason);
            return;
        }
        _backoff.Schedule();
    }

    /// <summary>Sends DISCONNECT and writes it out, so the broker discards the Last Will.</summary>
    public void Disconnect()
    {
        _client!.Disconnect();
        _client.LoopWrite();
    }

    /// <summary>Disposes the client, if any.</summary>
    public void Close(string? lostReason = null)
    {
        var had = _client is not null;
        _client?.Dispose();
        _client = null;
        _state = ConnectionState.Disconnected;
        Volatile.Write(ref _counters.Connected, 0);
        if (had)
        {
            _events?.Closed(lostReason);
        }
    }

    private void StartConnect()
    {
        try
        {
            _client = new MosquittoClient(_options.ClientOptions(_options.ClientId) with
            {
                WillTopic = _topics.Available.Name,
                WillPayload = "offline"u8.ToArray(),
                WillQos = 1,
                WillRetain = true,
            }, this);
        }
        catch (MosquittoException e)
        {
            // A client that cannot even be configured (unreadable certificate...) is a configuration error.
            MqttLog.ClientFailed(_logger, e.Message, _backoff.Delay.TotalSeconds);
            _backoff.Schedule();
            return;
        }
        _dropConnection = false;
        // Non-blocking: an unreachable broker must not hold the thread that journals events and hears the stop request.
        var rc = _client.BeginConnect(_options.Host, _options.Port);
        if (rc != MosquittoStatus.Success)
        {
            var reason = MosquittoStatus.Describe(rc);
            Close();
            ConnectFailed(reason);
            return;
        }
        _state = ConnectionState.Connecting;
        _connackDeadline = Stopwatch.GetTimestamp() + (long)(ConnackTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    private void ConnectFailed(string reason)
    {
        if (_backoff.Failed())
        {
            MqttLog.ConnectFailed(_logger, _options.Host, _options.Port, reason, _backoff.FailuresInRow, _backoff.Delay.TotalSeconds);
        }
        _backoff.Schedule();
    }

    void IMosquittoListener.OnConnect(int code)
    {
        if (code != 0)
        {
            MqttLog.Refused(_logger, _options.Host, _options.Port, MosquittoStatus.DescribeConnack(code, _options.Mqtt5), code, _backoff.Delay.TotalSeconds);
            _dropConnection = true;
            return;
        }
        _state = ConnectionState.Connected;
        _backoff.Reset();
        Volatile.Write(ref _counters.Connected, 1);
        _events!.Connected();
    }

    void IMosquittoListener.OnDisconnect(int code) => _dropConnection = true;

    void IMosquittoListener.OnPublish(int mid, int reasonCode)
    {
        if (_inPublish)
        {
            _earlyAcks.Add((mid, reasonCode));
            return;
        }
        _events!.Acknowledged(mid, reasonCode);
    }

    void IMosquittoListener.OnSubscribe(int mid, int grantedQos) => _commands.Subscribed(mid, grantedQos);

    void IMosquittoListener.OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain) =>
        _commands.Received(topic, payload, retain);

    void IMosquittoListener.OnLog(MosquittoLogLevel level, string message)
    {
        if (level == MosquittoLogLevel.Error)
        {
            MqttLog.LibraryError(_logger, message);
        }
        else
        {
            MqttLog.LibraryWarning(_logger, message);
        }
    }

    private enum ConnectionState
    {
        Disconnected,
        Connecting,
        Connected,
    }
}
