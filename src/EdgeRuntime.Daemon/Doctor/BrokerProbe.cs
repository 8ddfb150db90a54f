using System.Diagnostics;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>How a broker answered one connection attempt.</summary>
internal enum BrokerAnswer
{
    /// <summary>CONNACK accepted the connection (and the credentials).</summary>
    Accepted,

    /// <summary>CONNACK refused it (bad user name or password, not authorised, ...).</summary>
    Refused,

    /// <summary>No connection: refused, unreachable, a name that does not resolve, a TLS failure.</summary>
    Unreachable,

    /// <summary>No CONNACK within the timeout.</summary>
    TimedOut,
}

/// <summary>
/// One real connection to the configured broker through our libmosquitto binding, with the configured protocol,
/// credentials and TLS, under a client id of its own (so it never takes over a running daemon's session) and
/// without a Last Will; disconnects cleanly once the broker has answered.
/// </summary>
/// <remarks>
/// // Design: single-threaded. The calling thread alone creates, drives and disposes the client, so libmosquitto's
/// callbacks (which fire inside LoopRead on this thread) write <c>_connack</c> without any barrier.
/// </remarks>
internal sealed class BrokerProbe : IMosquittoListener
{
    private int? _connack;
    private string? _libraryError;

    private BrokerProbe()
    {
    }

    /// <summary>Connects, waits at most <paramref name="timeout"/> for the answer and says what it was.</summary>
    public static (BrokerAnswer Answer, string Detail) Connect(MqttOptions options, TimeSpan timeout)
    {
        var probe = new BrokerProbe();
        MosquittoClient client;
        try
        {
            client = new MosquittoClient(options.ClientOptions(options.ClientId + "-doctor"), probe);
        }
        catch (MosquittoException e)
        {
            return (BrokerAnswer.Unreachable, "the client cannot be set up: " + e.Message);
        }
        using (client)
        using (var waiter = new SocketWaiter())
        {
            return probe.Drive(client, waiter, options.Host, options.Port, timeout);
        }
    }

    private (BrokerAnswer, string) Drive(MosquittoClient client, SocketWaiter waiter, string host, int port, TimeSpan timeout)
    {
        var rc = client.BeginConnect(host, port);
        if (rc != MosquittoStatus.Success)
        {
            return (BrokerAnswer.Unreachable, MosquittoStatus.Describe(rc));
        }
        var clock = Stopwatch.StartNew();
        while (_connack is null)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return (BrokerAnswer.TimedOut, $"no answer within {timeout.TotalSeconds:0.#} s");
            }
            var (readable, writable, _) = waiter.Wait(client.Socket, client.WantWrite, (int)Math.Ceiling(Math.Min(left.TotalMilliseconds, 100)));
            // While connecting, a writable socket means the TCP handshake ended; the read call carries TLS forward.
            if (readable || writable)
            {
                rc = client.LoopRead();
            }
            if (rc == MosquittoStatus.Success && (writable || client.WantWrite))
            {
                rc = client.LoopWrite();
            }
            if (rc != MosquittoStatus.Success && _connack is null)
            {
                var reason = MosquittoStatus.Describe(rc);
                return (BrokerAnswer.Unreachable, _libraryError is { } error ? $"{reason} ({error})" : reason);
            }
        }
        if (_connack != 0)
        {
            return (BrokerAnswer.Refused, MosquittoStatus.DescribeConnack(_connack.Value, client.Options.Mqtt5));
        }
        client.Disconnect();
        client.LoopWrite();
        return (BrokerAnswer.Accepted, "");
    }

    void IMosquittoListener.OnConnect(int code) => _connack = code;

    void IMosquittoListener.OnDisconnect(int code)
    {
    }

    void IMosquittoListener.OnPublish(int mid, int reasonCode)
    {
    }

    void IMosquittoListener.OnSubscribe(int mid, int grantedQos)
    {
    }

    void IMosquittoListener.OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain)
    {
    }

    void IMosquittoListener.OnLog(MosquittoLogLevel level, string message) => _libraryError ??= level == MosquittoLogLevel.Error ? message : null;
}
