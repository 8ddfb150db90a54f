using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EdgeRuntime.Output.Console;

/// <summary>
/// The console sink's copy on disk (<c>Output:Jsonl</c>). Each line is appended with one unbuffered write as the
/// console gets it, so a crash of the daemon loses no line the console showed (the kernel has it); a power cut is
/// covered per <see cref="FsyncPolicy"/>, as for the outbox. Bounded: a line that would take the file past
/// <see cref="JsonlOptions.MaxBytes"/> first moves it to <c>PATH.1</c> (replacing an older one), so the two files
/// hold at most twice that.
/// </summary>
/// <remarks>
/// // Design: the sink's writer task alone calls <see cref="Append"/> and <see cref="Dispose"/>; it owns
/// <c>_file</c>, <c>_length</c>, the failure counters and rotation. With the batched policy a one-shot timer fsyncs:
/// <see cref="Append"/> arms it unless armed (<c>_syncArmed</c> 0→1, Interlocked); the timer thread disarms first (a
/// line appended during its fsync arms the next one), then fsyncs the handle it reads from <c>_handle</c> (published
/// with Volatile.Write when a rotation opens the next file). <see cref="LibcFileSync.DataSync"/> holds a reference
/// on the handle, so a rotation or dispose on the writer task cannot close the descriptor under a running fsync.
/// <c>_syncs</c> is Interlocked.
/// </remarks>
internal sealed partial class JsonlFile : IDisposable
{
    private readonly JsonlOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private FileStream _file;
    private SafeFileHandle _handle;
    private long _length;
    private long _failures;
    private long _rotateFailures;
    private int _syncArmed;
    private long _syncs;
    private volatile bool _disposed;

    private JsonlFile(JsonlOptions options, FileStream file, TimeProvider time, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _file = file;
        _handle = file.SafeFileHandle;
        _length = file.Length;
        _timer = time.CreateTimer(_ => SyncFromTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The file's path.</summary>
    public string Path => _options.Path;

    /// <summary>fsync calls completed.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>
    /// Opens (creating it and its folder if needed) the file to append to. A file that cannot be opened is a
    /// <see cref="ConfigurationValidationException"/> naming <see cref="JsonlOptions.PathKey"/> and the path.
    /// </summary>
    public static JsonlFile Open(JsonlOptions options, TimeProvider time, ILogger logger)
    {
        try
        {
            return new JsonlFile(options, OpenAppend(options.Path), time, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationValidationException([new ConfigError(JsonlOptions.PathKey, options.Path,
                $"a file edge can create and append to, or empty for none ({e.Message})")]);
        }
    }

    /// <summary>Appends one line (<paramref name="line"/> ends with its newline); a failure is logged, not thrown: the console still has the line.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        try
        {
            if (!_file.CanWrite)
            {
                Reopen(); // a rotation could not reopen the file: try again
            }
            if (_length > 0 && _length + line.Length > _options.MaxBytes)
            {
                Rotate();
            }
            _file.Write(line);
            _length += line.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk must not flood the log: the first failure and every 1000th.
            if (++_failures % 1000 == 1)
            {
                LogWriteFailed(_logger, e, _options.Path, _failures);
            }
            return;
        }
        if (_options.Fsync == FsyncPolicy.Every)
        {
            Sync(_handle);
        }
        else if (_options.Fsync == FsyncPolicy.Batched && Interlocked.Exchange(ref _syncArmed, 1) == 0)
        {
            _timer.Change(_options.FsyncInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Closes the file, fsyncing what it holds unless the policy is <see cref="FsyncPolicy.None"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        if (_options.Fsync != FsyncPolicy.None)
        {
            Sync(_handle);
        }
        _file.Dispose();
    }

    private static FileStream OpenAppend(string path)
    {
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
        // No user-space buffer: each Write is one write(2), so a line is in the kernel when Append returns.
        return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    private void Rotate()
    {
        if (_options.Fsync != FsyncPolicy.None)
        {
            Sync(_handle); // the old file's lines reach the disk before it is renamed
        }
        _file.Dispose();
        try
        {
            File.Move(_options.Path, _options.Path + ".1", overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep appending to the one file rather than lose lines; the next line tries again.
            if (++_rotateFailures % 1000 == 1)
            {
                LogRotateFailed(_logger, e, _options.Path, _options.MaxBytes);
            }
        }
        Reopen();
    }

    private void Reopen()
    {
        _file = OpenAppend(_options.Path);
        _length = _file.Length;
        Volatile.Write(ref _handle, _file.SafeFileHandle); // publishes the new file to the fsync timer
    }

    private void SyncFromTimer()
    {
        Volatile.Write(ref _syncArmed, 0);
        if (!_disposed)
        {
            Sync(Volatile.Read(ref _handle));
        }
    }

    private void Sync(SafeFileHandle handle)
    {
        try
        {
            LibcFileSync.DataSync(handle);
            Interlocked.Increment(ref _syncs);
        }
        catch (ObjectDisposedException)
        {
            // Rotated or closed meanwhile: the writer fsynced that file before closing it.
        }
        catch (IOException e)
        {
            LogSyncFailed(_logger, e, _options.Path);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "jsonl: appending to {Path} failed ({Failures} lines lost so far); the lines still go to standard output")]
    private static partial void LogWriteFailed(ILogger logger, Exception e, string path, long failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "jsonl: cannot move {Path} aside at {MaxBytes} bytes (Output:Jsonl:MaxBytes); appending to it beyond that")]
    private static partial void LogRotateFailed(ILogger logger, Exception e, string path, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "jsonl: fsync of {Path} failed; its lines are written but may not survive a power cut")]
    private static partial void LogSyncFailed(ILogger logger, Exception e, string path);
}
