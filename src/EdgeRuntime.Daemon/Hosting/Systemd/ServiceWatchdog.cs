using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting.Systemd;

/// <summary>
/// Feeds systemd's watchdog (<c>WATCHDOG=1</c>) only while the cascade's fast path keeps making progress, so a wedged
/// pipeline is killed and restarted by systemd (<c>WatchdogSec=</c> with <c>Restart=on-failure</c>), while a working
/// one, busy or idle (sensors paused), never is.
/// </summary>
/// <remarks>
/// <para>systemd passes the timeout in <c>WATCHDOG_USEC</c> (and the process meant in <c>WATCHDOG_PID</c>). Every
/// quarter of it the watchdog samples the fast path's <see cref="Cascade.Engine.FastPathHeartbeat"/> count (the feed beats it on
/// every pass, with or without data); while the count moved within the last half of the timeout it sends
/// <c>WATCHDOG=1</c>. A count that stood still that long is a wedged feed thread (a model call or a lock that never
/// returns): the watchdog goes silent, logs once, and systemd ends the daemon at most one and a half timeouts after the
/// last pass. With no cascade (no sensor configured) there is no fast path to watch and the daemon's own timer is the
/// sign of life.</para>
/// <para>Design: the timer loop is the only caller of <see cref="Tick"/> (a test calls it directly instead, with a manual
/// clock) and owns <c>_lastBeats</c>, <c>_lastProgress</c> and <c>_starved</c>; the heartbeat is read through its
/// Interlocked count. <see cref="DisposeAsync"/> cancels the loop and waits for it.</para>
/// </remarks>
internal sealed partial class ServiceWatchdog : IAsyncDisposable
{
    /// <summary>The watchdog timeout systemd sets, in microseconds.</summary>
    public const string TimeoutVariable = "WATCHDOG_USEC";

    /// <summary>The process the timeout is meant for (absent: this one).</summary>
    public const string PidVariable = "WATCHDOG_PID";

    private readonly SdNotify _notify;
    private readonly Func<long>? _progress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _stale;
    private readonly CancellationTokenSource _stop;
    private Task _loop = Task.CompletedTask;
    private long? _lastBeats;
    private long _lastProgress;
    private bool _starved;

    /// <summary>
    /// A watchdog that sends through <paramref name="notify"/> and watches <paramref name="progress"/> (the fast path's
    /// heartbeat count; null: nothing to watch, feed while the daemon runs). Call <see cref="Tick"/> every quarter of
    /// <paramref name="timeout"/>, or <see cref="Start"/> to have a timer do it (until <paramref name="stopping"/>).
    /// </summary>
    public ServiceWatchdog(SdNotify notify, TimeSpan timeout, Func<long>? progress, TimeProvider time, ILogger logger,
        CancellationToken stopping = default)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _notify = notify;
        Timeout = timeout;
        _progress = progress;
        _time = time;
        _logger = logger;
        _stale = timeout / 2;
        _lastProgress = time.GetTimestamp();
    }

    /// <summary>systemd's <c>WatchdogSec</c>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// The timeout systemd asks for: <c>WATCHDOG_USEC</c>, when <c>WATCHDOG_PID</c> is absent or this process. Null when
    /// the unit has no watchdog.
    /// </summary>
    public static TimeSpan? TimeoutFrom(IReadOnlyDictionary<string, string?> environment)
    {
        if (environment.GetValueOrDefault(PidVariable) is { Length: > 0 } pid
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p != Environment.ProcessId))
        {
            return null;
        }
        return environment.GetValueOrDefault(TimeoutVariable) is { Length: > 0 } usec
               && long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var us) && us > 0
            ? TimeSpan.FromMicroseconds(us)
            : null;
    }

    /// <summary>
    /// Starts feeding when the unit has a watchdog (<see cref="TimeoutFrom"/>) and a notification socket; otherwise null.
    /// Feeding ends when <paramref name="stopping"/> is cancelled: a stopping pipeline's feed ends on purpose, and
    /// systemd's stop timeout (not the watchdog) bounds the stop.
    /// </summary>
    public static ServiceWatchdog? Start(SdNotify? notify, IReadOnlyDictionary<string, string?> environment, Func<long>? progress,
        TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        if (notify is null || TimeoutFrom(environment) is not { } timeout)
        {
            return null;
        }
        var watchdog = new ServiceWatchdog(notify, timeout, progress, time, logger, stopping);
        LogWatching(logger, timeout.TotalSeconds, progress is null ? "the daemon's timer" : "the fast path's heartbeat");
        watchdog._loop = watchdog.RunAsync();
        return watchdog;
    }

    /// <summary>
    /// One check: sends <c>WATCHDOG=1</c> and returns true when the fast path moved within half the timeout; otherwise
    /// stays silent (logging the first silent check) and returns false.
    /// </summary>
    public bool Tick()
    {
        var now = _time.GetTimestamp();
        var beats = _progress?.Invoke();
        if (beats is null || beats != _lastBeats)
        {
            _lastBeats = beats;
            _lastProgress = now;
        }
        var still = _time.GetElapsedTime(_lastProgress, now);
        if (still < _stale)
        {
            if (_starved)
            {
                _starved = false;
                LogResumed(_logger);
            }
            return _notify.Watchdog();
        }
        if (!_starved)
        {
            _starved = true;
            LogWedged(_logger, still.TotalSeconds, Timeout.TotalSeconds);
        }
        return false;
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Timeout / 4, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog: {TimeoutSeconds:F1} s, fed while {Source} moves")]
    private static partial void LogWatching(ILogger logger, double timeoutSeconds, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "the fast path made no progress for {StillSeconds:F1} s: no longer feeding the systemd watchdog, which restarts the daemon within {TimeoutSeconds:F0} s")]
    private static partial void LogWedged(ILogger logger, double stillSeconds, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the fast path is moving again: feeding the systemd watchdog")]
    private static partial void LogResumed(ILogger logger);
}
