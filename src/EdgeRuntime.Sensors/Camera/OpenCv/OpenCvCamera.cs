using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Replay;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using OpenCvSharp;

namespace EdgeRuntime.Sensors.Camera.OpenCv;

/// <summary>
/// A camera read through OpenCV's VideoCapture (OpenCvSharp4): a V4L2 device, a video file, an RTSP/HTTP stream or a
/// GStreamer pipeline (a Jetson build of OpenCV opens <c>nvarguscamerasrc</c> this way). Each frame is converted (and,
/// when its size differs, resized) by OpenCV straight into a pooled ring buffer. A live source's frames are stamped
/// with the monotonic time they were read; a file's with the shared replay origin plus the frame's time in the file,
/// at the file's pace or as fast as the consumer takes them, like <see cref="ReplayCamera"/>.
/// </summary>
/// <remarks>
/// Example configuration: <c>Camera:Source=opencv</c>, <c>Camera:Device=rtsp://10.0.0.5:554/stream1</c>,
/// <c>Camera:Width=640</c>, <c>Camera:Height=480</c>, <c>Camera:PixelFormat=rgb24</c>.
/// Lifecycle: <see cref="RunAsync"/> captures on its own thread until cancelled; a file ends it (after completing the
/// ring) unless looping. A source that cannot be opened fails the component with an <see cref="IOException"/> naming
/// it (the stream monitor then reports the camera missing, as for any camera); a live stream that ends later is
/// reopened with a doubling back-off and reported as <see cref="StreamEventKind.Restarted"/>.
/// The native extern is bound on the first OpenCV call, which the constructor makes: without it, construction throws
/// <see cref="DllNotFoundException"/> (exit code 3) and no other source ever loads OpenCV.
/// // Design: the capture thread alone owns the VideoCapture and every Mat (<c>_decoded</c>, <c>_resized</c>, the ring
/// headers in <c>_targets</c>); other threads read only <see cref="Frames"/> and <see cref="Reopens"/> (Volatile).
/// </remarks>
public sealed partial class OpenCvCamera : IPipelineComponent
{
    private readonly OpenCvCameraSettings _settings;
    private readonly FrameRing _ring;
    private readonly ILogger _logger;
    private readonly PacingClock _clock;
    private readonly StreamMonitor? _monitor;
    private readonly ReplayOrigin _origin;
    private readonly Mat?[] _targets;
    private readonly Mat _decoded;
    private readonly Mat _resized;
    private Timestamp _last = new(long.MinValue);
    private long _frames;
    private int _reopens;

    /// <summary>Creates the camera and loads the OpenCV extern; frames go to <paramref name="ring"/>.</summary>
    public OpenCvCamera(OpenCvCameraSettings settings, FrameRing ring, ILogger logger, TimeProvider? time = null, StreamMonitor? monitor = null, ReplayOrigin? origin = null)
    {
        if (settings.Format.PixelFormat is not (PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8))
        {
            throw new ArgumentException($"the opencv camera writes rgb24, bgr24 or gray frames, not {settings.Format.PixelFormat}", nameof(settings));
        }
        if (settings.Format.FrameBytes > ring.FrameCapacity)
        {
            throw new ArgumentException($"ring buffers of {ring.FrameCapacity} bytes cannot hold a {settings.Format} frame", nameof(ring));
        }
        _settings = settings;
        _ring = ring;
        _logger = logger;
        _clock = new PacingClock(time ?? TimeProvider.System);
        _monitor = monitor;
        _origin = origin ?? new ReplayOrigin();
        _targets = new Mat?[ring.PoolSize];
        // Before any Mat: the first OpenCV call binds the extern, and a missing one must surface as the error below.
        OpenCvVersion = LoadLibrary(settings.Source);
        _decoded = new Mat();
        _resized = new Mat();
    }

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>The OpenCV version of the loaded extern.</summary>
    public string OpenCvVersion { get; }

    /// <summary>Frames published so far.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>How many times a live stream that ended was reopened.</summary>
    public int Reopens => Volatile.Read(ref _reopens);

    /// <inheritdoc />
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Capture(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Capture(CancellationToken stoppingToken)
    {
        var source = _settings.Source;
        var origin = _origin.GetOrSet(_clock.Now);
        var delay = _settings.ReopenDelay;
        var fileOffset = 0.0;
        var opened = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var capture = Open(source, reopening: opened);
            if (capture is null)
            {
                Backoff(ref delay, stoppingToken);
                continue;
            }
            opened = true;
            LogOpened(_logger, Name, source.Display, capture.GetBackendName(), capture.FrameWidth, capture.FrameHeight, capture.Fps, _settings.Format.ToString());
            var (read, fileEnd) = Stream(capture, origin, fileOffset, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            if (!source.IsLive)
            {
                if (read == 0)
                {
                    throw new InvalidDataException($"opencv decoded no frame from '{source.Display}'");
                }
                if (!_settings.Loop)
                {
                    _ring.Complete();
                    return;
                }
                fileOffset = fileEnd;
                continue;
            }
            if (read > 0)
            {
                delay = _settings.ReopenDelay;
            }
            LogEnded(_logger, Name, source.Display, read, delay.TotalMilliseconds);
            Backoff(ref delay, stoppingToken);
        }
    }

    // Reads until the source ends or the run is cancelled; returns the frames read and, for a file, the time just past its last frame.
    private (long Read, double FileEnd) Stream(VideoCapture capture, Timestamp origin, double fileOffset, CancellationToken stoppingToken)
    {
        var live = _settings.Source.IsLive;
        var interval = capture.Fps > 0 ? 1.0 / capture.Fps : 0.0;
        long read = 0;
        var end = fileOffset;
        while (!stoppingToken.IsCancellationRequested && capture.Read(_decoded) && !_decoded.Empty())
        {
            read++;
            var stamp = _clock.Now;
            if (!live)
            {
                var at = fileOffset + capture.Get(VideoCaptureProperties.PosMsec) / 1000.0;
                end = at + interval;
                stamp = origin.AddNanoseconds((long)Math.Round(at * 1e9));
                if (!Pace(stamp, stoppingToken))
                {
                    break;
                }
            }
            if (_ring.TryAcquire() is not { } frame)
            {
                continue; // every buffer is held by the consumer: this frame is skipped, the next one goes in
            }
            Convert(_decoded, frame);
            // Strictly increasing stamps even if a file's times repeat.
            _last = stamp.Nanoseconds > _last.Nanoseconds ? stamp : _last.AddNanoseconds(1);
            frame.Timestamp = _last;
            _ring.Publish(frame);
            Interlocked.Increment(ref _frames);
        }
        return (read, end);
    }

    private bool Pace(Timestamp stamp, CancellationToken stoppingToken)
    {
        try
        {
            var wait = _settings.Pacing == ReplayPacing.Realtime
                ? _clock.DelayUntilAsync(stamp, stoppingToken)
                : _ring.WaitUntilTakenAsync(stoppingToken);
            if (!wait.IsCompleted)
            {
                wait.AsTask().GetAwaiter().GetResult();
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Convert(Mat decoded, Frame frame)
    {
        if (decoded.Type() != MatType.CV_8UC3)
        {
            throw new InvalidDataException($"opencv gave {decoded.Type()} frames from '{_settings.Source.Display}', expected 8-bit BGR");
        }
        var format = _settings.Format;
        var source = decoded;
        if (decoded.Width != format.Width || decoded.Height != format.Height)
        {
            Cv2.Resize(decoded, _resized, new Size(format.Width, format.Height), 0, 0, InterpolationFlags.Area);
            source = _resized;
        }
        var target = _targets[frame.Index] ??= Mat.FromPixelData(format.Height, format.Width,
            format.PixelFormat == PixelFormat.Gray8 ? MatType.CV_8UC1 : MatType.CV_8UC3, frame.Pointer, PixelFormats.DefaultStride(format.PixelFormat, format.Width));
        switch (format.PixelFormat)
        {
            case PixelFormat.Rgb24:
                Cv2.CvtColor(source, target, ColorConversionCodes.BGR2RGB);
                break;
            case PixelFormat.Gray8:
                Cv2.CvtColor(source, target, ColorConversionCodes.BGR2GRAY);
                break;
            default:
                source.CopyTo(target);
                break;
        }
        frame.Format = format;
        frame.Length = format.FrameBytes;
    }

    private VideoCapture? Open(OpenCvSource source, bool reopening)
    {
        var capture = source.Index is { } index ? new VideoCapture(index, source.Backend) : new VideoCapture(source.Text, source.Backend);
        if (capture.IsOpened())
        {
            if (source.Backend == VideoCaptureAPIs.V4L2)
            {
                capture.Set(VideoCaptureProperties.FrameWidth, _settings.Format.Width);
                capture.Set(VideoCaptureProperties.FrameHeight, _settings.Format.Height);
                capture.Set(VideoCaptureProperties.Fps, _settings.Fps);
            }
            return capture;
        }
        capture.Dispose();
        var message = $"opencv could not open '{source.Display}' with its {source.Backend} backend";
        if (!reopening)
        {
            throw new IOException(message);
        }
        LogReopenFailed(_logger, Name, message);
        return null;
    }

    private void Backoff(ref TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            Task.Delay(delay, _clock.Time, stoppingToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return;
        }
        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxReopenDelay.Ticks));
        var n = Interlocked.Increment(ref _reopens);
        _monitor?.Report(new StreamEvent(SensorStream.Camera, StreamEventKind.Restarted, _clock.Now, n, TimeSpan.Zero));
    }

    private static string LoadLibrary(OpenCvSource source)
    {
        try
        {
            return Cv2.GetVersionString() ?? "unknown";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or OpenCvSharpException)
        {
            throw new DllNotFoundException(
                $"Camera:Source=opencv ('{source.Display}') needs libOpenCvSharpExtern.so beside edge: build or publish with -p:EdgeOpenCv=true " +
                $"(linux-x64), or build it against your board's OpenCV (docs/sensors.md). {e.GetBaseException().Message}", e);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var target in _targets)
        {
            target?.Dispose();
        }
        _decoded.Dispose();
        _resized.Dispose();
        _clock.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: opencv opened {Source} ({Backend}, {Width}x{Height} at {Fps:F2} fps) into {Format} frames")]
    private static partial void LogOpened(ILogger logger, string name, string source, string backend, int width, int height, double fps, string format);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: {Source} ended after {Frames} frames; reopening in {DelayMs} ms")]
    private static partial void LogEnded(ILogger logger, string name, string source, long frames, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: {Reason}; retrying")]
    private static partial void LogReopenFailed(ILogger logger, string name, string reason);
}
