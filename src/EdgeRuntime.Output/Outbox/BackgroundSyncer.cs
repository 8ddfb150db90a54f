using EdgeRuntime.Interop.Libc;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EdgeRuntime.Output.Outbox;

/// <summary>
/// Runs the batched policy's fsync on its own thread, so the network thread keeps journaling and sending while the
/// disk catches up (an fsync on a busy disk takes milliseconds; events arriving meanwhile would wait for it).
/// </summary>
/// <remarks>
/// // Design: the journal's owner thread calls <see cref="TryRequest"/>; the syncer thread alone calls fdatasync.
/// <c>_busy</c> (0/1, Interlocked) says a request is in flight: the owner never queues a second one, so at most one
/// fdatasync runs and requests never pile up. <c>_handle</c> is written by the owner before the request is signalled
/// (the semaphore release publishes it) and read by the syncer after the wait. <see cref="Syncs"/> is incremented by
/// the syncer with Interlocked and read by anyone.
/// </remarks>
internal sealed partial class BackgroundSyncer : IDisposable
{
    private readonly SemaphoreSlim _requests = new(0);
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private SafeFileHandle? _handle;
    private int _busy;
    private long _syncs;
    private volatile bool _stop;

    public BackgroundSyncer(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "outbox-fsync" };
        _thread.Start();
    }

    /// <summary>fdatasync calls completed.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Whether an fsync is requested or running.</summary>
    public bool Busy => Volatile.Read(ref _busy) != 0;

    /// <summary>Starts an fsync of <paramref name="file"/> unless one is already running; returns whether it started.</summary>
    public bool TryRequest(SafeFileHandle file)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }
        _handle = file;
        _requests.Release(); // publishes _handle to the syncer thread
        return true;
    }

    /// <summary>Waits for a running fsync to finish (before the file is replaced or closed).</summary>
    public void WaitIdle()
    {
        var spinner = new SpinWait();
        while (Busy)
        {
            spinner.SpinOnce(sleep1Threshold: 10);
        }
    }

    public void Dispose()
    {
        WaitIdle();
        _stop = true;
        _requests.Release();
        _thread.Join();
        _requests.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _requests.Wait();
            if (_stop)
            {
                return;
            }
            try
            {
                LibcFileSync.DataSync(_handle!);
                Interlocked.Increment(ref _syncs);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                LogSyncFailed(_logger, e);
            }
            finally
            {
                _handle = null;
                Volatile.Write(ref _busy, 0);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "outbox: fsync failed; records stay journaled but may not survive a power cut")]
    private static partial void LogSyncFailed(ILogger logger, Exception e);
}
