using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Processes;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>
/// A camera fed by a command that writes raw frames to stdout: ffmpeg or gst-launch-1.0 for RTSP, CSI cameras through
/// libcamerasrc or nvarguscamerasrc, USB cameras, files. Each frame is stamped with the monotonic time it was fully
/// read. When the command exits it is run again after a back-off (doubling from <see cref="PipeCameraSettings.RestartDelay"/>
/// to <see cref="PipeCameraSettings.MaxRestartDelay"/>), and its stderr goes to the log. A command that writes nothing
/// for <see cref="PipeCameraSettings.StallTimeout"/> is killed and restarted the same way. The stream monitor hears of
/// an exit at once (missing), of each restart, and of the first frame after it (recovered).
/// </summary>
/// <remarks>
/// Example configuration: <c>Camera:Source=pipe</c>, <c>Camera:Width=640</c>, <c>Camera:Height=480</c>,
/// <c>Camera:PixelFormat=rgb24</c>, <c>Camera:PipeCommand=ffmpeg -loglevel error -f v4l2 -i /dev/video0 -f rawvideo -pix_fmt rgb24 -s 640x480 -</c>.
/// Lifecycle: <see cref="RunAsync"/> runs until cancelled (or, with restarts off, until the command ends, then
/// completes the ring).
/// </remarks>
public sealed partial class PipeCamera : IPipelineComponent
{
    private readonly PipeCameraSettings _settings;
    private readonly FrameRing _ring;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StreamMonitor? _monitor;
    private volatile ChildProcess? _child;
    private int _restarts;
    private int _stalls;
    private long _lastFrameTicks; // written by the reading task, read by the stall timer's callback

    /// <summary>Creates the camera; frames go to <paramref name="ring"/> (its buffers must hold a frame of the format).</summary>
    public PipeCamera(PipeCameraSettings settings, FrameRing ring, ILogger logger, TimeProvider? time = null, StreamMonitor? monitor = null)
    {
        if (settings.Format.FrameBytes > ring.FrameCapacity)
        {
            throw new ArgumentException($"ring buffers of {ring.FrameCapacity} bytes cannot hold a {settings.Format} frame of {settings.Format.FrameBytes} bytes", nameof(ring));
        }
        if (string.IsNullOrWhiteSpace(settings.Command))
        {
            throw new ArgumentException("the pipe command is empty", nameof(settings));
        }
        _settings = settings;
        _ring = ring;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _monitor = monitor;
    }

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>The running command's process id (null between runs).</summary>
    public int? ProcessId => _child?.Id;

    /// <summary>How many times the command was restarted.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>How many times a stalled command was killed.</summary>
    public int Stalls => Volatile.Read(ref _stalls);

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = _settings.RestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            var (frames, exit, errors) = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            _monitor?.MarkMissing(_ring.Bound); // the command is gone: no need to wait for the missing timeout
            LogExited(_logger, Name, exit, frames, errors);
            if (!_settings.Restart)
            {
                _ring.Complete();
                return;
            }
            if (_time.GetElapsedTime(started) >= _settings.StableAfter)
            {
                delay = _settings.RestartDelay;
            }
            LogRestarting(_logger, Name, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxRestartDelay.Ticks));
            var n = Interlocked.Increment(ref _restarts);
            _monitor?.Report(new StreamEvent(SensorStream.Camera, StreamEventKind.Restarted, Timestamp.Now(_time), n, TimeSpan.Zero));
        }
    }

    private async Task<(long Frames, int Exit, string Errors)> RunOnceAsync(CancellationToken stoppingToken)
    {
        var child = ChildProcess.StartShell(_settings.Command, _logger, Name);
        await using (child.ConfigureAwait(false))
        {
            _child = child;
            // Killing the command ends its stdout, which ends the read below: cancellation needs nothing more.
            using var kill = stoppingToken.Register(static c => ((ChildProcess)c!).Kill(), child);
            var reader = new RawFrameReader(child.Output, _ring, _settings.Format);
            long frames = 0;
            Volatile.Write(ref _lastFrameTicks, _time.GetTimestamp());
            var check = _settings.StallTimeout / 4;
            using var stall = _time.CreateTimer(static s => ((PipeCamera)s!).KillIfStalled(), this, check, check);
            try
            {
                while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
                {
                    frame.Timestamp = Timestamp.Now(_time);
                    _ring.Publish(frame);
                    Volatile.Write(ref _lastFrameTicks, _time.GetTimestamp());
                    frames++;
                }
            }
            catch (IOException e)
            {
                LogReadFailed(_logger, Name, e.Message);
            }
            _child = null;
            try
            {
                await child.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (frames, -1, child.RecentErrors);
            }
            return (frames, child.ExitCode, child.RecentErrors);
        }
    }

    // Killing ends the command's stdout, so the read loop ends and the restart path takes over.
    private void KillIfStalled()
    {
        if (_child is not { } child || _time.GetElapsedTime(Volatile.Read(ref _lastFrameTicks)) < _settings.StallTimeout)
        {
            return;
        }
        Volatile.Write(ref _lastFrameTicks, _time.GetTimestamp()); // once per stall
        Interlocked.Increment(ref _stalls);
        LogStalled(_logger, Name, _settings.StallTimeout.TotalSeconds);
        child.Kill();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _child?.Kill();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: command exited with code {Exit} after {Frames} frames; last stderr: {Errors}")]
    private static partial void LogExited(ILogger logger, string name, int exit, long frames, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: no frame from the command for {Seconds:F1} s; killing it to restart it")]
    private static partial void LogStalled(ILogger logger, string name, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: restarting the command in {DelayMs} ms")]
    private static partial void LogRestarting(ILogger logger, string name, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: reading frames failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string name, string reason);
}
