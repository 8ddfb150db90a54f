using System.Diagnostics;
using System.Globalization;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Camera.V4l2;

namespace EdgeRuntime.Sensors.Tests.Camera;

/// <summary>
/// Cameras that fail: a V4L2 device absent at start, appearing later, or unplugged while streaming (a fake below the
/// ioctl; the real open() for an absent node), and the pipe camera's real ffmpeg killed or stopped with SIGSTOP.
/// Each failure is reported at once or within 1 s, retried, and recovered from.
/// </summary>
public sealed class CameraFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly FrameFormat Gray = FrameFormat.Packed(64, 48, PixelFormat.Gray8);

    private static V4l2CameraSettings Fast(string device) =>
        new(device, PixelFormat.Yuyv, Gray, 15, Buffers: 2) { RetryMin = TimeSpan.FromMilliseconds(20), RetryMax = TimeSpan.FromMilliseconds(160) };

    private static FakeVideoDevice Device() => new([V4l2.PixYuyv], [(64, 48)]);

    private static byte[] Yuyv() => new byte[64 * 48 * 2];

    private static LibcException Absent(string path) => new($"open({path}) failed: No such file or directory (errno 2)", LinuxErrno.ENOENT);

    private static async Task<Frame> NextFrame(FrameRing ring, FakeVideoDevice device, long stampNs)
    {
        device.Add(Yuyv(), stampNs);
        using var cts = new CancellationTokenSource(Deadline);
        return (await ring.TakeAsync(cts.Token))!;
    }

    private static List<StreamEvent> Drain(StreamMonitor monitor)
    {
        var events = new List<StreamEvent>();
        while (monitor.Events.TryRead(out var e))
        {
            events.Add(e);
        }
        return events;
    }

    [Fact]
    public async Task A_camera_node_that_does_not_exist_is_retried_with_growing_waits_and_stopping_ends_it_cleanly()
    {
        using var ring = new FrameRing("camera", 3, Gray.FrameBytes);
        var logger = new ListLogger();
        var camera = new V4l2Camera(Fast("/dev/video99"), ring, logger); // the real open(2)
        using var cts = new CancellationTokenSource();
        var run = camera.RunAsync(cts.Token);

        Eventually.True(() => camera.OpenFailures >= 5 || run.IsCompleted, Deadline, "five attempts to open /dev/video99");
        Assert.False(run.IsCompleted, "the camera gave up: " + run.Exception);
        Assert.Contains(logger.Lines, l => l.Message.Contains("cannot use /dev/video99: open(/dev/video99) failed: No such file or directory", StringComparison.Ordinal));
        // Logged on the 1st, 2nd and 4th attempt, with the wait doubling up to RetryMax.
        var waits = logger.Lines.Where(l => l.Message.Contains("cannot use", StringComparison.Ordinal))
            .Select(l => l.Message[(l.Message.IndexOf("trying again in ", StringComparison.Ordinal) + 16)..].Split(' ')[0]).ToList();
        Assert.Equal(["0.02", "0.04", "0.16"], waits.Take(3));

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        Assert.Equal(0, ring.Published);
    }

    [Fact]
    public async Task A_usb_camera_plugged_in_after_start_is_picked_up_and_reported_recovered()
    {
        using var ring = new FrameRing("camera", 3, Gray.FrameBytes);
        using var monitor = new StreamMonitor();
        monitor.Watch(ring, TimeSpan.FromMilliseconds(800));
        var device = Device();
        var plugged = false;
        var camera = new V4l2Camera(Fast("/dev/video7"), ring, new ListLogger(), open: path => Volatile.Read(ref plugged) ? device : throw Absent(path), monitor: monitor);
        using var cts = new CancellationTokenSource();
        var run = camera.RunAsync(cts.Token);

        Eventually.True(() => camera.OpenFailures >= 3, Deadline, "attempts while unplugged");
        Volatile.Write(ref plugged, true);
        var frame = await NextFrame(ring, device, 7_000_000_000);
        Assert.Equal(7_000_000_000, frame.Timestamp.Nanoseconds);
        ring.Release(frame);
        Assert.True(device.Streaming);

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        Assert.True(device.Disposed);
    }

    [Fact]
    public async Task A_camera_unplugged_while_streaming_is_reported_missing_at_once_reopened_when_back_and_recovers()
    {
        using var ring = new FrameRing("camera", 3, Gray.FrameBytes);
        using var monitor = new StreamMonitor();
        monitor.Watch(ring, TimeSpan.FromSeconds(30)); // long: only the camera's own report can be this quick
        var first = Device();
        FakeVideoDevice? current = first;
        var logger = new ListLogger();
        var camera = new V4l2Camera(Fast("/dev/video7"), ring, logger, open: path => Volatile.Read(ref current) ?? throw Absent(path), monitor: monitor);
        using var cts = new CancellationTokenSource();
        var run = camera.RunAsync(cts.Token);
        ring.Release(await NextFrame(ring, first, 1_000_000_000));

        Volatile.Write(ref current, null);
        first.Unplug();
        Eventually.True(() => monitor.IsMissing(ring.Bound), Deadline, "missing as soon as the device is gone");
        Assert.Contains(logger.Lines, l => l.Message.Contains("lost /dev/video7 while streaming", StringComparison.Ordinal));
        var failures = camera.OpenFailures;
        Eventually.True(() => camera.OpenFailures >= failures + 2, Deadline, "reopening while it is away");

        var second = Device();
        Volatile.Write(ref current, second);
        ring.Release(await NextFrame(ring, second, 2_000_000_000));
        monitor.Check();
        var events = Drain(monitor);
        Assert.Equal([StreamEventKind.Missing, StreamEventKind.Recovered], events.Select(e => e.Kind));
        Assert.True(first.Disposed && second.Streaming);

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_killed_ffmpeg_is_reported_missing_at_once_restarted_and_recovered()
    {
        using var ring = new FrameRing("camera", 4, Gray.FrameBytes);
        using var monitor = new StreamMonitor();
        monitor.Watch(ring, TimeSpan.FromMilliseconds(800));
        monitor.Start();
        var camera = new PipeCamera(FfmpegTestSource(), ring, new ListLogger(), monitor: monitor);
        using var cts = new CancellationTokenSource();
        var drain = Consume(ring, cts.Token);
        var run = camera.RunAsync(cts.Token);
        Eventually.True(() => ring.Published >= 5 && camera.ProcessId is not null, Deadline, "frames from ffmpeg");

        Eventually.True(() => !monitor.IsMissing(ring.Bound), Deadline, "streaming");
        Drain(monitor); // ffmpeg's start-up may have been slow enough to count as missing
        Signal("KILL", camera.ProcessId!.Value);
        var events = new List<StreamEvent>();
        Eventually.True(() => { events.AddRange(Drain(monitor)); return events.Any(e => e.Kind == StreamEventKind.Recovered); }, Deadline, "recovered");
        Assert.Equal([StreamEventKind.Missing, StreamEventKind.Restarted, StreamEventKind.Recovered], events.Select(e => e.Kind));
        Assert.True(events[0].Silence < TimeSpan.FromSeconds(1), $"reported {events[0].Silence.TotalSeconds:F2} s after the last frame");

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }

    [Fact]
    public async Task A_paused_ffmpeg_is_reported_missing_within_1_s_killed_as_stalled_restarted_and_recovered()
    {
        using var ring = new FrameRing("camera", 4, Gray.FrameBytes);
        using var monitor = new StreamMonitor();
        monitor.Watch(ring, new CameraOptions().MissingTimeout); // the default
        monitor.Start();
        var logger = new ListLogger();
        var camera = new PipeCamera(FfmpegTestSource() with { StallTimeout = TimeSpan.FromSeconds(2) }, ring, logger, monitor: monitor);
        using var cts = new CancellationTokenSource();
        var drain = Consume(ring, cts.Token);
        var run = camera.RunAsync(cts.Token);
        Eventually.True(() => ring.Published >= 5 && camera.ProcessId is not null, Deadline, "frames from ffmpeg");

        Eventually.True(() => !monitor.IsMissing(ring.Bound), Deadline, "streaming");
        Drain(monitor); // ffmpeg's start-up may have been slow enough to count as missing
        var paused = camera.ProcessId!.Value;
        Signal("STOP", paused);
        var events = new List<StreamEvent>();
        Eventually.True(() => { events.AddRange(Drain(monitor)); return events.Any(e => e.Kind == StreamEventKind.Recovered); }, Deadline, "recovered");
        Assert.Equal([StreamEventKind.Missing, StreamEventKind.Restarted, StreamEventKind.Recovered], events.Select(e => e.Kind));
        Assert.True(events[0].Silence < TimeSpan.FromSeconds(1), $"reported {events[0].Silence.TotalSeconds:F2} s after the last frame");
        Assert.InRange(camera.Stalls, 1, 3); // a restarted ffmpeg that starts slower than 2 s on a loaded machine stalls again
        Assert.True(logger.Contains("no frame from the command for 2.0 s"), string.Join("\n", logger.Lines));
        Assert.NotEqual(paused, camera.ProcessId);

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }

    private static PipeCameraSettings FfmpegTestSource() =>
        new("ffmpeg -nostdin -loglevel error -re -f lavfi -i testsrc=size=64x48:rate=25 -f rawvideo -pix_fmt gray -", Gray)
        {
            RestartDelay = TimeSpan.FromMilliseconds(50),
        };

    private static async Task Consume(FrameRing ring, CancellationToken token)
    {
        while (await ring.TakeAsync(token) is { } frame)
        {
            ring.Release(frame);
        }
    }

    private static void Signal(string signal, int pid)
    {
        Assert.Equal("ffmpeg", Process.GetProcessById(pid).ProcessName); // the shell exec'd it: the signal reaches ffmpeg itself
        var result = ProcessRunner.Run("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
