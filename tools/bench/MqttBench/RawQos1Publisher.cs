using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeRuntime.Interop.Mosquitto;

namespace MqttBench;

/// <summary>
/// The baseline: QoS 1 publishing straight through libmosquitto on one network thread, no journal, no priorities,
/// the same window of unacknowledged messages as the publisher.
/// </summary>
/// <remarks>
/// // Design: producers enqueue into <c>_queue</c> and wake the network thread, which alone touches the client.
/// </remarks>
internal sealed class RawQos1Publisher : IMosquittoListener, IDisposable
{
    private readonly ConcurrentQueue<(byte[] Payload, long Created)> _queue = new();
    private readonly Dictionary<int, long> _inflight = [];
    private readonly SocketWaiter _waiter = new();
    private readonly MosquittoClient _client;
    private readonly LatencyRecorder _latencies;
    private readonly byte[] _topic;
    private readonly Thread _thread;
    private volatile bool _stop;
    private volatile bool _connected;
    private int _sleeping;
    private long _acked;

    public RawQos1Publisher(string host, int port, string topic, LatencyRecorder latencies)
    {
        _latencies = latencies;
        _topic = System.Text.Encoding.UTF8.GetBytes(topic + "\0");
        _client = new MosquittoClient(new MosquittoClientOptions { ClientId = "bench-raw-" + Environment.ProcessId }, this);
        MosquittoStatus.Check(_client.Connect(host, port), "connect");
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-raw" };
        _thread.Start();
    }

    public long Acked => Interlocked.Read(ref _acked);

    public bool Connected => _connected;

    public void Publish(byte[] payload)
    {
        _queue.Enqueue((payload, Stopwatch.GetTimestamp()));
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            _waiter.Wake(); // same wake-up elision as the publisher, so the comparison is fair
        }
    }

    public void Dispose()
    {
        _stop = true;
        _waiter.Wake();
        _thread.Join();
        _client.Dispose();
        _waiter.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            while (_connected && _inflight.Count < 1000 && _queue.TryDequeue(out var item))
            {
                MosquittoStatus.Check(_client.Publish(_topic, item.Payload, 1, false, out var mid), "publish");
                _inflight[mid] = item.Created;
            }
            Interlocked.Exchange(ref _sleeping, 1);
            var (readable, writable, _) = _waiter.Wait(_client.Socket, _client.WantWrite, _queue.IsEmpty || _inflight.Count >= 1000 ? 100 : 0);
            Volatile.Write(ref _sleeping, 0);
            if (readable)
            {
                MosquittoStatus.Check(_client.LoopRead(), "loop_read");
            }
            if (writable || _client.WantWrite)
            {
                MosquittoStatus.Check(_client.LoopWrite(), "loop_write");
            }
            MosquittoStatus.Check(_client.LoopMisc(), "loop_misc");
        }
    }

    void IMosquittoListener.OnConnect(int code) => _connected = code == 0;

    void IMosquittoListener.OnDisconnect(int code) => _connected = false;

    void IMosquittoListener.OnPublish(int mid, int reasonCode)
    {
        if (_inflight.Remove(mid, out var created))
        {
            _latencies.Add(created);
            Interlocked.Increment(ref _acked);
        }
    }

    void IMosquittoListener.OnSubscribe(int mid, int grantedQos)
    {
    }

    void IMosquittoListener.OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain)
    {
    }

    void IMosquittoListener.OnLog(MosquittoLogLevel level, string message) => Console.Error.WriteLine($"libmosquitto {level}: {message}");
}
