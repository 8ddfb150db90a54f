using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Interop.TurboJpeg;
using Microsoft.Extensions.Logging;
using static EdgeRuntime.Interop.Libc.V4l2;

namespace EdgeRuntime.Sensors.Camera.V4l2;

/// <summary>
/// A V4L2 camera: checks the device can stream video capture, negotiates format, size and frame rate, maps N driver
/// buffers, and then dequeues each filled buffer, stamps it with the driver's monotonic timestamp, converts it into a
/// ring frame (YUYV/NV12 to RGB/BGR/gray, MJPEG through libturbojpeg, or a copy) and requeues it at once.
/// </summary>
/// <remarks>
/// Example configuration: <c>Camera:Source=v4l2</c>, <c>Camera:Device=/dev/video0</c>, <c>Camera:CaptureFormat=mjpeg</c>,
/// <c>Camera:Width=640</c>, <c>Camera:Height=480</c>, <c>Camera:Fps=15</c>. Lifecycle: <see cref="RunAsync"/> captures
/// on a dedicated thread until cancelled, then stops streaming and unmaps. A device that is absent (a USB camera not
/// plugged in yet), busy or lost while streaming (unplugged) is opened again with backoff from
/// <see cref="V4l2CameraSettings.RetryMin"/> to <see cref="V4l2CameraSettings.RetryMax"/> while the cascade runs without
/// it; a device that cannot give what is configured (format, size, capture) ends the run with an error naming it.
/// Per frame: no allocation, no marshalling (the <c>v4l2_buffer</c> lives on the stack).
/// </remarks>
public sealed partial class V4l2Camera : IPipelineComponent
{
    private readonly V4l2CameraSettings _settings;
    private readonly Func<string, IVideoDevice> _open;
    private readonly FrameRing _ring;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StreamMonitor? _monitor;
    private int _openFailures;

    /// <summary>
    /// Creates the camera; <paramref name="open"/> opens the device (default: the real <see cref="V4l2Device"/>);
    /// <paramref name="monitor"/>, when given, hears at once that the device was lost.
    /// </summary>
    public V4l2Camera(V4l2CameraSettings settings, FrameRing ring, ILogger logger, TimeProvider? time = null, Func<string, IVideoDevice>? open = null,
        StreamMonitor? monitor = null)
    {
        if (!(settings.CaptureFormat == PixelFormat.Mjpeg
                ? settings.Format.PixelFormat is PixelFormat.Mjpeg or PixelFormat.Rgb24 or PixelFormat.Bgr24 or PixelFormat.Gray8
                : PixelConversion.CanConvert(settings.CaptureFormat, settings.Format.PixelFormat)))
        {
            throw new ArgumentException($"cannot turn {settings.CaptureFormat} into {settings.Format.PixelFormat}", nameof(settings));
        }
        if (settings.Format.FrameBytes > ring.FrameCapacity)
        {
            throw new ArgumentException($"ring buffers of {ring.FrameCapacity} bytes cannot hold a {settings.Format} frame", nameof(ring));
        }
        _settings = settings;
        _ring = ring;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _open = open ?? (path => V4l2Device.Open(path));
        _monitor = monitor;
    }

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>Buffers dequeued from the driver.</summary>
    public long Dequeued { get; private set; }

    /// <summary>Buffers the driver flagged as corrupt, or JPEGs that did not decode (dropped).</summary>
    public long Corrupt { get; private set; }

    /// <summary>Failed attempts to open the device (absent, busy) or to keep streaming from it (lost), since start.</summary>
    public int OpenFailures => Volatile.Read(ref _openFailures);

    /// <summary>The frame interval in force (after negotiation).</summary>
    public V4l2Fract FrameInterval { get; private set; }

    /// <summary>The V4L2 FourCC for a capture format.</summary>
    public static uint FourCCOf(PixelFormat format) => format switch
    {
        PixelFormat.Yuyv => PixYuyv,
        PixelFormat.Mjpeg => PixMjpeg,
        PixelFormat.Nv12 => PixNv12,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "V4L2 capture formats are YUYV, MJPEG and NV12"),
    };

    /// <inheritdoc />
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Supervise(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Captures until cancelled, opening the device again whenever it is absent, busy or lost.</summary>
    private void Supervise(CancellationToken stoppingToken)
    {
        var delay = _settings.RetryMin;
        var failuresInRow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var before = Dequeued;
            try
            {
                Capture(stoppingToken);
                return;
            }
            catch (LibcException e) when (IsUnavailable(e.Errno))
            {
                if (Dequeued > before)
                {
                    // It streamed, then went away: say so at once and start the backoff again from the shortest wait.
                    delay = _settings.RetryMin;
                    failuresInRow = 0;
                    LogLost(_logger, Name, _settings.Device, e.Message);
                    _monitor?.MarkMissing(_ring.Bound);
                }
                failuresInRow++;
                Interlocked.Increment(ref _openFailures);
                if ((failuresInRow & (failuresInRow - 1)) == 0)
                {
                    LogUnavailable(_logger, Name, _settings.Device, e.Message, failuresInRow, delay.TotalSeconds);
                }
            }
            try
            {
                Task.Delay(delay, _time, stoppingToken).Wait(CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerException is TaskCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.RetryMax.Ticks));
        }
    }

    // Errors a camera recovers from by itself (plugged in, released, re-enumerated), unlike a wrong format or size.
    private static bool IsUnavailable(int errno) => errno is LinuxErrno.ENOENT or LinuxErrno.ENXIO or LinuxErrno.EIO or LinuxErrno.EBUSY or LinuxErrno.ENODEV or LinuxErrno.EACCES;

    private void Capture(CancellationToken stoppingToken)
    {
        using var device = _open(_settings.Device);
        (var stride, FrameInterval) = V4l2Negotiation.Negotiate(device, _settings);
        var count = device.RequestBuffers(_settings.Buffers);
        if (count < 2)
        {
            throw new IOException($"{device.Path}: the driver granted {count} buffers; streaming needs at least 2");
        }
        var addresses = new nint[count];
        var lengths = new int[count];
        using var jpeg = _settings.CaptureFormat == PixelFormat.Mjpeg && _settings.Format.PixelFormat != PixelFormat.Mjpeg ? new JpegDecoder() : null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                addresses[i] = device.MapBuffer(i, out lengths[i]);
                device.Queue(i);
            }
            device.StreamOn();
            LogStreaming(_logger, Name, device.Path, _settings.CaptureFormat, _settings.Format.ToString(), count, FrameInterval.Numerator, FrameInterval.Denominator);
            try
            {
                Loop(device, addresses, lengths, stride, jpeg, stoppingToken);
            }
            finally
            {
                device.StreamOff();
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                if (addresses[i] != 0)
                {
                    device.UnmapBuffer(addresses[i], lengths[i]);
                }
            }
            device.RequestBuffers(0);
        }
    }

    private unsafe void Loop(IVideoDevice device, nint[] addresses, int[] lengths, int stride, JpegDecoder? jpeg, CancellationToken stoppingToken)
    {
        var format = _settings.Format;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!device.WaitForFrame(200) || !device.Dequeue(out var buffer))
            {
                continue;
            }
            Dequeued++;
            var index = (int)buffer.Index;
            try
            {
                if ((buffer.Flags & BufFlagError) != 0 || buffer.BytesUsed == 0)
                {
                    Corrupt++;
                    continue;
                }
                var stamp = (buffer.Flags & BufFlagTimestampMask) == BufFlagTimestampMonotonic
                    ? Timestamp.FromSecondsAndNanoseconds(buffer.Timestamp.Seconds, buffer.Timestamp.Microseconds * 1000)
                    : Timestamp.Now(_time);
                var frame = _ring.TryAcquire();
                if (frame is null)
                {
                    continue; // the consumer holds every buffer; the ring counted it
                }
                var source = new ReadOnlySpan<byte>((void*)addresses[index], Math.Min((int)buffer.BytesUsed, lengths[index]));
                if (!Fill(frame, source, stride, jpeg))
                {
                    Corrupt++;
                    _ring.Abandon(frame);
                    continue;
                }
                frame.Format = format;
                frame.Timestamp = stamp;
                _ring.Publish(frame);
            }
            finally
            {
                device.Queue(index);
            }
        }
    }

    private bool Fill(Frame frame, ReadOnlySpan<byte> source, int stride, JpegDecoder? jpeg)
    {
        var format = _settings.Format;
        if (_settings.CaptureFormat == PixelFormat.Mjpeg)
        {
            if (jpeg is null)
            {
                if (source.Length > frame.Capacity)
                {
                    return false;
                }
                source.CopyTo(frame.Buffer);
                frame.Length = source.Length;
                return true;
            }
            try
            {
                var pixel = format.PixelFormat switch { PixelFormat.Bgr24 => JpegPixelFormat.Bgr, PixelFormat.Gray8 => JpegPixelFormat.Gray, _ => JpegPixelFormat.Rgb };
                jpeg.Decode(source, frame.Buffer, format.Width, format.Height, format.Stride, pixel);
            }
            catch (JpegException)
            {
                return false;
            }
        }
        else
        {
            PixelConversion.Convert(source, _settings.CaptureFormat, stride, frame.Buffer, format.PixelFormat, format.Width, format.Height);
        }
        frame.Length = format.FrameBytes;
        return true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: cannot use {Device}: {Reason} (attempt {Attempt}); trying again in {Seconds:F2} s; the cascade runs without the camera meanwhile")]
    private static partial void LogUnavailable(ILogger logger, string name, string device, string reason, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Name}: lost {Device} while streaming: {Reason}; reopening it")]
    private static partial void LogLost(ILogger logger, string name, string device, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: streaming {Device} {Capture} as {Format} with {Buffers} buffers, frame interval {Num}/{Den} s")]
    private static partial void LogStreaming(ILogger logger, string name, string device, PixelFormat capture, string format, int buffers, uint num, uint den);
}
