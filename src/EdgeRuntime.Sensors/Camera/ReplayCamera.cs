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
/// origin plus its presentation time in the file (from ffprobe), and frames are published at the file's pace or as
/// fast as the consumer takes them.
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
        var probe = await Task.Run(() => VideoProbe.Probe(_settings.File, _settings.Ffprobe), stoppingToken).ConfigureAwait(false);
        LogProbed(_logger, Name, _settings.File, probe.Width, probe.Height, probe.FramesPerSecond, probe.PresentationTimes.Count);
        var origin = _origin.GetOrSet(_clock.Now);
        var firstPts = probe.TimeOf(0);
        var loopOffset = 0.0;
        do
        {
            var index = await PlayOnceAsync(probe, origin, firstPts, loopOffset, stoppingToken).ConfigureAwait(false);
            if (index == 0 && !stoppingToken.IsCancellationRequested)
            {
                throw new InvalidDataException($"ffmpeg decoded no frame from '{_settings.File}'");
            }
            loopOffset += probe.TimeOf(index) - firstPts;
        }
        while (_settings.Loop && !stoppingToken.IsCancellationRequested);
        if (!stoppingToken.IsCancellationRequested)
        {
            _ring.Complete();
        }
    }

    // Plays the file once; returns the number of frames decoded.
    private async Task<int> PlayOnceAsync(VideoProbe probe, Timestamp origin, double firstPts, double loopOffset, CancellationToken stoppingToken)
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
            while (!stoppingToken.IsCancellationRequested && await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } frame)
            {
                var stamp = origin.AddNanoseconds((long)Math.Round((probe.TimeOf(index) - firstPts + loopOffset) * 1e9));
                try
                {
                    if (_settings.Pacing == ReplayPacing.Realtime)
                    {
                        NextFrameDue = stamp;
                        await _clock.DelayUntilAsync(stamp, stoppingToken).ConfigureAwait(false);
                        NextFrameDue = null;
                    }
                    else
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
            if (!stoppingToken.IsCancellationRequested)
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
            return index;
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
