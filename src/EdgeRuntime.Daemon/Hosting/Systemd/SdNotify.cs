using System.Net.Sockets;
using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Daemon.Hosting.Systemd;

/// <summary>
/// The service manager's notification socket (sd_notify(3)): <c>READY=1</c>, <c>WATCHDOG=1</c> and <c>STOPPING=1</c>,
/// one datagram each, to the Unix datagram socket that systemd names in <c>NOTIFY_SOCKET</c> for a <c>Type=notify</c>
/// unit (a path, or <c>@name</c> in the abstract namespace).
/// </summary>
/// <remarks>
/// <para>The protocol is written here rather than taken from Microsoft.Extensions.Hosting.Systemd, whose
/// <c>SystemdNotifier</c> does the same: that package brings Microsoft.Extensions.Hosting with dependency injection, user
/// secrets and the event log (28 packages) into a daemon that has no generic host, reads <c>NOTIFY_SOCKET</c> only from
/// the process environment (its path constructor is internal, so a test in process cannot aim it at its own socket),
/// and opens a new socket for every notification.</para>
/// <para>Design: the socket is connected once, in <see cref="FromEnvironment"/>, and only sent on afterwards: the signal
/// handler, the watchdog timer and the command's thread may each send, and one datagram on a connected socket is one
/// system call that the kernel delivers whole, so no lock is needed. <c>_stoppingSent</c> is set with Interlocked so
/// STOPPING=1 goes out once whoever asks first.</para>
/// </remarks>
internal sealed class SdNotify : IDisposable
{
    /// <summary>The variable systemd sets for a <c>Type=notify</c> service.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    private static readonly byte[] s_ready = "READY=1"u8.ToArray();
    private static readonly byte[] s_watchdog = "WATCHDOG=1"u8.ToArray();
    private static readonly byte[] s_stopping = "STOPPING=1"u8.ToArray();
    private readonly Socket _socket;
    private int _stoppingSent;

    private SdNotify(Socket socket, string path)
    {
        _socket = socket;
        Path = path;
    }

    /// <summary>The socket as <c>NOTIFY_SOCKET</c> names it.</summary>
    public string Path { get; }

    /// <summary>
    /// Connects to the socket <c>NOTIFY_SOCKET</c> names; null when it is not set (not started by systemd as a
    /// <c>Type=notify</c> service). A socket that cannot be reached is a <see cref="ConfigurationValidationException"/>
    /// naming the variable.
    /// </summary>
    public static SdNotify? FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var path = environment.GetValueOrDefault(SocketVariable);
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            // A leading '@' names the abstract namespace, spelt with a NUL byte in the address.
            socket.Connect(new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path));
            return new SdNotify(socket, path);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ConfigurationValidationException([new ConfigError(SocketVariable, path, "the service manager's Unix datagram socket (" + e.Message + ")")]);
        }
    }

    /// <summary>Start-up is complete: the models are loaded and the pipeline is starting. False when the send failed.</summary>
    public bool Ready() => Send(s_ready);

    /// <summary>Keeps the service manager's watchdog from firing for another <c>WatchdogSec</c>. False when the send failed.</summary>
    public bool Watchdog() => Send(s_watchdog);

    /// <summary>A stop has begun (sent once, however often it is called).</summary>
    public void Stopping()
    {
        if (Interlocked.Exchange(ref _stoppingSent, 1) == 0)
        {
            Send(s_stopping);
        }
    }

    // The manager going away (a test's socket closed, systemd re-executing) must not take the daemon down with it.
    private bool Send(byte[] datagram)
    {
        try
        {
            return _socket.Send(datagram, SocketFlags.None) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
