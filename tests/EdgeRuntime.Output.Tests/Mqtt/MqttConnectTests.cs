using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Mqtt;

/// <summary>Connecting never holds the network thread: events are journaled and a stop is served while a connect hangs.</summary>
public sealed class MqttConnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_broker_that_never_completes_the_TCP_handshake_holds_neither_journaling_nor_shutdown()
    {
        using var env = new MqttTestEnvironment();
        using var blackhole = SilentListener.Start();
        var publisher = env.Publisher(env.Options() with { Port = blackhole.Port });
        for (var i = 0; i < 25; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }
        // With a blocking connect the thread sits in connect() (SYN retries, minutes) and journals nothing.
        Eventually.True(() => publisher.Stats.Pending == 25, Deadline, "25 events journaled while the TCP handshake hangs");
        Assert.False(publisher.Connected);

        var clock = Stopwatch.StartNew();
        MqttTestEnvironment.Stop(publisher);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stop took {clock.Elapsed.TotalSeconds:F2} s");
    }

    /// <summary>
    /// A loopback listener that never accepts, with its accept queue filled, so the kernel drops further SYNs and a
    /// connect to it stays in SYN_SENT (what an unreachable host behind a silent firewall looks like).
    /// </summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _fillers = [];

        private SilentListener(Socket listener) => _listener = listener;

        public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

        public static SilentListener Start()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(0);
            var listener = new SilentListener(socket);
            // Fill the queue until a connect no longer completes at once: from then on SYNs are dropped.
            while (true)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                listener._fillers.Add(filler);
                try
                {
                    filler.Connect(IPAddress.Loopback, listener.Port);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
                {
                }
                if (!filler.Poll(200_000, SelectMode.SelectWrite))
                {
                    return listener; // this one hangs: the queue is full
                }
                Assert.True(listener._fillers.Count < 64, "the accept queue never filled");
            }
        }

        public void Dispose()
        {
            foreach (var filler in _fillers)
            {
                filler.Dispose();
            }
            _listener.Dispose();
        }
    }
}
