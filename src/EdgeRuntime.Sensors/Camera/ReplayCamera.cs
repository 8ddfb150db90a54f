using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Processes;
using EdgeRuntime.Sensors.Replay;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>
/// Plays a video file as a camera: ffmpeg decodes it to raw frames over a pipe, each frame is stamped with the replay
/// origin plus its presentation time in the file (from ffprobe), and frames are published at the file's pace (losing
/// frames to a slow consumer, or waiting for it: <see cref="ReplayPacing"/>) or as fast as the consumer takes them.
/// </summary>
/// <remarks>
/// Example configuration: <c>Camera:Source=replay</c>, <c>Camera:ReplayFile=scenarios/kitchen.mp4</c>,
/// <c>Camera:Pacing=realtime</c>, <c>Camera:Width=640</c>, <c>Camera:Height=480</c>, <c>Camera:PixelFormat=rgb24</c>.
/// Lifecycle: <see cref="RunAsync"/> returns at the end of the file (after completing the ring) unless looping, or when cancelled.
/// </remarks>
public sealed partial class ReplayCamera : IPipelineComponent
{
    private readonly ReplayCameraSettings _settings;
    private readonly FrameRing _ring;
    private readonly ILogger _logger;
    private readonly PacingClock _clock;
    private readonly ReplayOrigin _origin;
    private volatile ChildProcess? _child;
    private int _readySignalled;

    /// <summary>Creates the replay; <paramref name="origin"/> is shared with the recording's audio replay so both line up.</summary>
    public ReplayCamera(ReplayCameraSettings settings, FrameRing ring, ILogger logger, TimeProvider? time = null, ReplayOrigin? origin = null)
    {
        if (settings.Format.PixelFormat == PixelFormat.Mjpeg)
        {
            throw new ArgumentException("a replay decodes to a raw pixel format, not MJPEG", nameof(settings));
        }
        if (settings.Format.FrameBytes > ring.FrameCapacity)
        {
            throw new ArgumentException($"ring buffers of {ring.FrameCapacity} bytes cannot hold a {settings.Format} frame", nameof(ring));
        }
        _settings = settings;
        _ring = ring;
        _logger = logger;
        _clock = new PacingClock(time ?? TimeProvider.System);
        _origin = origin ?? new ReplayOrigin();
    }

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>Frames published so far.</summary>
    public long Frames { get; private set; }

    /// <summary>With realtime pacing: the timestamp of the decoded frame waiting for its time to come (null when none waits).</summary>
    public Timestamp? NextFrameDue { get; private set; }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PlayAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            SignalReady(); // a source that failed before its first frame must not keep a held origin's consumer waiting
        }
    }

    private async Task PlayAsync(CancellationToken stoppingToken)
    {
        var probe = await Task.Run(() => VideoProbe.Probe(_settings.File, _settings.Ffprobe), stoppingToken).ConfigureAwait(false);
        LogProbed(_logger, Name, _settings.File, probe.Width, probe.Height, probe.FramesPerSecond, probe.PresentationTimes.Count);
        Timestamp? origin = null; // taken once the first frame is decoded, so ffmpeg's start-up is not in the recording's time
        var firstPts = probe.TimeOf(0);
        var loopOffset = 0.0;
        var stopAt = Math.Min(_settings.Until ?? double.MaxValue, _settings.LostAt ?? double.MaxValue);
        do
        {
            var (index, stopped, started) = await PlayOnceAsync(probe, origin, firstPts, loopOffset, stopAt, stoppingToken).ConfigureAwait(false);
            origin = started;
            if (index == 0 && !stopped && !stoppingToken.IsCancellationRequested)
            {
                throw new InvalidDataException($"ffmpeg decoded no frame from '{_settings.File}'");
            }
            if (stopped)
            {
                break;
            }
            loopOffset += probe.TimeOf(index) - firstPts;
        }
        while (_settings.Loop && !stoppingToken.IsCancellationRequested);
        if (_settings.LostAt < (_settings.Until ?? double.MaxValue) && origin is { } o)
        {
            // Gone, not ended: silent until the recording would have ended, so the stream monitor sees it go missing.
            await _clock.DelayUntilAsync(o.AddNanoseconds((long)((probe.Duration - firstPts) * 1e9)), stoppingToken).ConfigureAwait(false);
        }
        if (!stoppingToken.IsCancellationRequested)
        {
            _ring.Complete();
        }
    }

    private void SignalReady()
    {
        if (Interlocked.Exchange(ref _readySignalled, 1) == 0)
        {
            _origin.SetReady();
        }
    }

    // Plays the file once; returns the number of frames published, whether the play stopped at stopAt (file time), and
    // the origin (taken after the first frame of the first play was decoded).
    private async Task<(int Frames, bool Stopped, Timestamp? Origin)> PlayOnceAsync(VideoProbe probe, Timestamp? origin, double firstPts, double loopOffset,
        double stopAt, CancellationToken stoppingToken)
    {
        var format = _settings.Format;
        string[] args =
        [
            "-nostdin", "-loglevel", "error", "-i", _settings.File, "-map", "0:v:0",
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", PixelFormats.FfmpegName(format.PixelFormat),
            "-s", $"{format.Width}x{format.Height}", "-",
        ];
        var child = ChildProcess.StartArgs(_settings.Ffmpeg, args, _logger, Name);
        await using (child.ConfigureAwait(false))
        {
            _child = child;
            using var kill = stoppingToken.Register(static c => ((ChildProcess)c!).Kill(), child);
            var reader = new RawFrameReader(child.Output, _ring, format);
            var index = 0;
            var stopped = false;
            while (!stoppingToken.IsCancellationRequested && await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
            {
                var fileTime = probe.TimeOf(index) - firstPts + loopOffset;
                if (fileTime >= stopAt)
                {
                    _ring.Abandon(frame);
                    stopped = true;
                    child.Kill(); // nobody reads the rest
                    break;
                }
                Timestamp stamp;
                try
                {
                    if (origin is null)
                    {
                        SignalReady(); // primed: the first frame is decoded
                        origin = await _origin.WaitAsync(() => _clock.Now, stoppingToken).ConfigureAwait(false);
                    }
                    stamp = origin.Value.AddNanoseconds((long)Math.Round(fileTime * 1e9));
                    if (_settings.Pacing != ReplayPacing.AsFast)
                    {
                        NextFrameDue = stamp;
                        await _clock.DelayUntilAsync(stamp, stoppingToken).ConfigureAwait(false);
                        NextFrameDue = null;
                    }
                    if (_settings.Pacing != ReplayPacing.Realtime)
                    {
                        await _ring.WaitUntilTakenAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    _ring.Abandon(frame);
                    break;
                }
                frame.Timestamp = stamp;
                _ring.Publish(frame);
                Frames++;
                index++;
            }
            _child = null;
            if (!stoppingToken.IsCancellationRequested && !stopped)
            {
                await child.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
                if (child.ExitCode != 0)
                {
                    throw new InvalidDataException($"ffmpeg failed on '{_settings.File}' (exit {child.ExitCode}): {child.RecentErrors}");
                }
                // ffmpeg exits 0 on a file cut short while it played: it says so on standard error and stops early.
                if (index < probe.PresentationTimes.Count && child.RecentErrors is { Length: > 0 } errors)
                {
                    throw new InvalidDataException($"'{_settings.File}' ended after {index} of its {probe.PresentationTimes.Count} frames (truncated while playing?): {errors}");
                }
            }
            return (index, stopped, origin);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _child?.Kill();
        _clock.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: replaying {File} ({Width}x{Height}, {Fps:F2} fps, {Count} frames)")]
    private static partial void LogProbed(ILogger logger, string name, string file, int width, int height, double fps, int count);
}
