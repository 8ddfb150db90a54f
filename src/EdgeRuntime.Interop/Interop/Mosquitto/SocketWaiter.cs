using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>
/// Waits for a client socket to become readable/writable or for a wake-up from another thread, with one
/// <c>poll(2)</c> over the socket and an <c>eventfd(2)</c>. This lets one network thread both serve libmosquitto and
/// react at once to new messages queued by producers (no polling interval, no added latency). Any readable
/// descriptor works, not only a socket: the daemon's standard-input reader waits on descriptor 0 with it, so a stop
/// can wake a thread that would otherwise sit in <c>read(2)</c>.
/// </summary>
/// <remarks>
/// // Design: <see cref="Wake"/> may be called from any thread (an eventfd write is atomic); <see cref="Wait"/> only from
/// the owning network thread, which also drains the counter. The eventfd is closed on dispose, after the owner stopped.
/// </remarks>
public sealed unsafe partial class SocketWaiter : IDisposable
{
    private const short PollIn = 0x001;
    private const short PollOut = 0x004;
    private const int EfdNonBlock = 0x800;
    private const int EfdCloexec = 0x80000;

    private readonly int _eventFd;
    private int _disposed;

    /// <summary>Creates the eventfd; throws when the system refuses.</summary>
    public SocketWaiter()
    {
        _eventFd = EventFd(0, EfdNonBlock | EfdCloexec);
        if (_eventFd < 0)
        {
            throw new IOException("eventfd failed: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>Wakes a thread blocked in <see cref="Wait"/> (or makes its next wait return at once).</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }
        ulong one = 1;
        _ = Write(_eventFd, &one, sizeof(ulong));
    }

    /// <summary>
    /// Blocks until <paramref name="socket"/> is readable (or writable, when <paramref name="wantWrite"/>), a
    /// <see cref="Wake"/>, or <paramref name="timeoutMs"/>. A negative socket waits only for a wake-up or the timeout.
    /// </summary>
    public (bool Readable, bool Writable, bool Woken) Wait(int socket, bool wantWrite, int timeoutMs)
    {
        var fds = stackalloc PollFd[2];
        fds[0] = new PollFd { Fd = _eventFd, Events = PollIn };
        fds[1] = new PollFd { Fd = socket, Events = (short)(PollIn | (wantWrite ? PollOut : 0)) };
        var n = Poll(fds, socket >= 0 ? 2u : 1u, timeoutMs);
        if (n <= 0)
        {
            return (false, false, false); // timeout or EINTR: the caller loops anyway
        }
        var woken = (fds[0].Revents & PollIn) != 0;
        if (woken)
        {
            ulong counter;
            _ = Read(_eventFd, &counter, sizeof(ulong));
        }
        // Errors and hang-ups count as readable: the next read reports them.
        var readable = socket >= 0 && (fds[1].Revents & ~PollOut) != 0;
        var writable = socket >= 0 && (fds[1].Revents & PollOut) != 0;
        return (readable, writable, woken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = Close(_eventFd);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    // libc calls kept here, private: only this waiter needs them.
    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
