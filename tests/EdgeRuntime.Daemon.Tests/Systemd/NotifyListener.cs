using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace EdgeRuntime.Daemon.Tests.Systemd;

/// <summary>
/// What systemd's side of sd_notify is: a Unix datagram socket bound at a path, handed to the daemon as NOTIFY_SOCKET,
/// receiving one datagram per notification (READY=1, WATCHDOG=1, STOPPING=1).
/// </summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<(string Text, TimeSpan At)> _received = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public NotifyListener(TempDir dir)
    {
        Path = dir.File("notify.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    /// <summary>Every datagram received so far, with when (since the listener was made).</summary>
    public IReadOnlyList<(string Text, TimeSpan At)> Received
    {
        get
        {
            Drain();
            return [.. _received];
        }
    }

    /// <summary>The datagrams received so far that read exactly <paramref name="text"/>.</summary>
    public int Count(string text) => Received.Count(r => r.Text == text);

    /// <summary>Reads what has arrived without waiting.</summary>
    private void Drain()
    {
        var buffer = new byte[4096];
        while (_socket.Available > 0)
        {
            var n = _socket.Receive(buffer);
            _received.Add((Encoding.UTF8.GetString(buffer, 0, n), _clock.Elapsed));
        }
    }

    public void Dispose() => _socket.Dispose();
}
