using System.Collections.Concurrent;
using System.Text;
using EdgeRuntime.Interop.Mosquitto;

namespace EdgeRuntime.Testing.Mqtt;

/// <summary>A message a <see cref="TestMqttClient"/> received.</summary>
public sealed record ReceivedMessage(string Topic, byte[] Payload, bool Retain)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// A subscriber/publisher for tests, on the same libmosquitto binding, with its own network thread. It reconnects by
/// itself after a broker restart (resuming its session when <c>cleanSession</c> is false) and records everything it
/// receives and every error the library logs.
/// </summary>
/// <remarks>
/// // Design: the network thread alone touches the mosquitto client; other threads enqueue publishes into
/// <c>_outgoing</c> and wake it. Received messages go into a ConcurrentQueue readable from any thread.
/// </remarks>
public sealed class TestMqttClient : IMosquittoListener, IDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly MosquittoClientOptions _options;
    private readonly string[] _subscriptions;
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload, int Qos, bool Retain)> _outgoing = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SocketWaiter _waiter = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private volatile bool _connected;
    private bool _lost;
    private volatile int _subscribed;
    private bool _subscribeNow;
    private long _published;

    /// <summary>Connects (and keeps reconnecting) to <paramref name="broker"/>, subscribing to <paramref name="subscriptions"/> at QoS 1.</summary>
    public TestMqttClient(MosquittoBroker broker, string clientId, bool cleanSession = true, string? username = null, string? password = null, params string[] subscriptions)
    {
        _broker = broker;
        _subscriptions = subscriptions;
        _options = new MosquittoClientOptions
        {
            ClientId = clientId,
            CleanSession = cleanSession,
            Username = username,
            Password = password,
            CaFile = broker.Certificates?.CaFile,
            CertFile = broker.Certificates?.ClientCert,
            KeyFile = broker.Certificates?.ClientKey,
        };
        _thread = new Thread(Run) { IsBackground = true, Name = "test-mqtt-" + clientId };
        _thread.Start();
    }

    /// <summary>Whether the broker accepted the current connection and acknowledged every subscription.</summary>
    public bool Connected => _connected && _subscribed >= _subscriptions.Length;

    /// <summary>Messages received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _messages.ToArray();

    /// <summary>Errors libmosquitto logged.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>How many queued publishes were handed to the library.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages received on <paramref name="topic"/>.</summary>
    public IReadOnlyList<ReceivedMessage> On(string topic) => _messages.Where(m => m.Topic == topic).ToArray();

    /// <summary>Waits until connected.</summary>
    public TestMqttClient WaitConnected(TimeSpan? deadline = null)
    {
        Eventually.True(() => Connected, deadline ?? TimeSpan.FromSeconds(10), $"test client connected to {_broker.Port}");
        return this;
    }

    /// <summary>Queues a publish (sent from the network thread when connected).</summary>
    public void Publish(string topic, byte[] payload, int qos = 0, bool retain = false)
    {
        _outgoing.Enqueue((topic, payload, qos, retain));
        _waiter.Wake();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _waiter.Wake();
        _thread.Join();
        _waiter.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            using var client = new MosquittoClient(_options, this);
            _lost = false;
            if (client.Connect(_broker.Host, _broker.Port) != MosquittoStatus.Success)
            {
                _waiter.Wait(-1, false, 50);
                continue;
            }
            while (!_stop && !_lost)
            {
                if (_subscribeNow)
                {
                    _subscribeNow = false;
                    foreach (var pattern in _subscriptions)
                    {
                        _ = client.Subscribe(pattern, 1, out _);
                    }
                }
                while (_connected && _outgoing.TryDequeue(out var m))
                {
                    var topic = Encoding.UTF8.GetBytes(m.Topic + "\0");
                    if (client.Publish(topic, m.Payload, m.Qos, m.Retain, out _) != MosquittoStatus.Success)
                    {
                        _errors.Enqueue("publish failed on " + m.Topic);
                    }
                    Interlocked.Increment(ref _published);
                    if (client.WantWrite)
                    {
                        break; // let the socket drain before queueing more
                    }
                }
                var (readable, writable, _) = _waiter.Wait(client.Socket, client.WantWrite, 100);
                var rc = readable ? client.LoopRead() : MosquittoStatus.Success;
                if (rc == MosquittoStatus.Success && (writable || client.WantWrite))
                {
                    rc = client.LoopWrite();
                }
                if (rc == MosquittoStatus.Success)
                {
                    rc = client.LoopMisc();
                }
                _lost |= rc != MosquittoStatus.Success;
            }
            if (_stop && _connected)
            {
                client.Disconnect();
                client.LoopWrite();
            }
            _connected = false;
            _subscribed = 0;
        }
    }

    void IMosquittoListener.OnConnect(int code)
    {
        if (code != 0)
        {
            _errors.Enqueue("connection refused: " + MosquittoStatus.DescribeConnack(code, false));
            _lost = true;
            return;
        }
        _connected = true;
        _subscribeNow = true;
    }

    void IMosquittoListener.OnDisconnect(int code) => _lost = true;

    void IMosquittoListener.OnPublish(int mid, int reasonCode)
    {
    }

    void IMosquittoListener.OnSubscribe(int mid, int grantedQos)
    {
        if (grantedQos >= 0x80)
        {
            _errors.Enqueue("subscription refused");
        }
        _subscribed++;
    }

    void IMosquittoListener.OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain) =>
        _messages.Enqueue(new ReceivedMessage(Encoding.UTF8.GetString(topic), payload.ToArray(), retain));

    void IMosquittoListener.OnLog(MosquittoLogLevel level, string message)
    {
        if (level == MosquittoLogLevel.Error)
        {
            _errors.Enqueue(message);
        }
    }
}
