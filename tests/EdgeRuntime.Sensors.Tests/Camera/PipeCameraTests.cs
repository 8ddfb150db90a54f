using System.Diagnostics;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Camera;

namespace EdgeRuntime.Sensors.Tests.Camera;

/// <summary>The pipe camera on a real ffmpeg.</summary>
public class PipeCameraTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static async Task<List<(Timestamp Stamp, long Sequence, byte[] FirstBytes)>> DrainAsync(FrameRing ring, CancellationToken token)
    {
        var frames = new List<(Timestamp, long, byte[])>();
        while (await ring.TakeAsync(token) is { } frame)
        {
            frames.Add((frame.Timestamp, frame.Sequence, frame.Data[..6].ToArray()));
            Assert.Equal(frame.Format.FrameBytes, frame.Length);
            ring.Release(frame);
        }
        return frames;
    }

    [Fact]
    public async Task Frames_from_ffmpeg_testsrc_arrive_whole_counted_and_stamped_in_increasing_monotonic_time()
    {
        var format = FrameFormat.Packed(160, 120, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 4, format.FrameBytes);
        var logger = new ListLogger();
        var camera = new PipeCamera(
            new PipeCameraSettings("ffmpeg -nostdin -loglevel error -re -f lavfi -i testsrc=size=160x120:rate=15 -frames:v 15 -f rawvideo -pix_fmt rgb24 -", format) { Restart = false },
            ring, logger);
        var before = Timestamp.Now(TimeProvider.System);
        using var cts = new CancellationTokenSource(Deadline);
        var drain = DrainAsync(ring, cts.Token);
        await camera.RunAsync(cts.Token);
        var frames = await drain;
        var after = Timestamp.Now(TimeProvider.System);

        Assert.Equal(15, ring.Published);
        Assert.Equal(ring.Published, ring.Taken + ring.Dropped);
        Assert.Equal(frames.Count, ring.Taken);
        Assert.All(frames, f => Assert.InRange(f.Stamp.Nanoseconds, before.Nanoseconds, after.Nanoseconds));
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.First.Stamp < p.Second.Stamp && p.First.Sequence < p.Second.Sequence), "stamps and sequence numbers increase");
        Assert.Equal(14, frames[^1].Sequence);
        Assert.True(ring.Bound.IsClosed, "the end of the command ends the stream when restarts are off");
    }

    [Fact]
    public async Task The_bytes_of_a_frame_are_the_pixels_ffmpeg_wrote()
    {
        var format = FrameFormat.Packed(32, 24, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new PipeCamera(
            new PipeCameraSettings("ffmpeg -nostdin -loglevel error -f lavfi -i color=c=0x204080:size=32x24:rate=5,format=rgb24 -frames:v 3 -f rawvideo -pix_fmt rgb24 -", format) { Restart = false },
            ring, new ListLogger());
        using var cts = new CancellationTokenSource(Deadline);
        var drain = DrainAsync(ring, cts.Token);
        await camera.RunAsync(cts.Token);
        var frames = await drain;
        Assert.NotEmpty(frames);
        Assert.Equal(new byte[] { 0x20, 0x40, 0x80, 0x20, 0x40, 0x80 }, frames[^1].FirstBytes);
    }

    [Fact]
    public async Task Killing_ffmpeg_makes_the_camera_restart_it_and_frames_continue()
    {
        var format = FrameFormat.Packed(64, 48, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 4, format.FrameBytes);
        using var monitor = new StreamMonitor();
        var logger = new ListLogger();
        var camera = new PipeCamera(
            new PipeCameraSettings("ffmpeg -nostdin -loglevel error -re -f lavfi -i testsrc=size=64x48:rate=25 -f rawvideo -pix_fmt gray -", format)
            {
                RestartDelay = TimeSpan.FromMilliseconds(50),
            },
            ring, logger, monitor: monitor);
        using var cts = new CancellationTokenSource(Deadline);
        var drain = DrainAsync(ring, cts.Token);
        var run = camera.RunAsync(cts.Token);

        Eventually.True(() => ring.Published >= 5 && camera.ProcessId is not null, Deadline, "frames from the first ffmpeg");
        var firstPid = camera.ProcessId!.Value;
        Process.GetProcessById(firstPid).Kill();
        var publishedAtKill = ring.Published;

        Eventually.True(() => camera.Restarts == 1 && ring.Published >= publishedAtKill + 5, Deadline, "restart and frames from the second ffmpeg");
        Assert.NotEqual(firstPid, camera.ProcessId);
        Assert.True(logger.Contains("exited with code"), logger.ToString());
        Assert.True(monitor.Events.TryRead(out var e) && e.Kind == StreamEventKind.Restarted, "a restart event");

        var secondPid = camera.ProcessId!.Value;
        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Eventually.True(() => !ProcessExists(secondPid), TimeSpan.FromSeconds(5), "ffmpeg killed on stop");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }

    [Fact]
    public async Task A_failing_command_is_restarted_with_a_doubling_back_off_and_its_stderr_is_logged()
    {
        var time = new ManualTimeProvider();
        var format = FrameFormat.Packed(8, 8, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var logger = new ListLogger();
        var camera = new PipeCamera(
            new PipeCameraSettings("sh -c 'echo no such camera >&2; exit 3'", format) { RestartDelay = TimeSpan.FromMilliseconds(500) },
            ring, logger, time);
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);

        var waits = new List<TimeSpan>();
        for (var restart = 1; restart <= 3; restart++)
        {
            Eventually.True(() => logger.Count("restarting the command") == restart, Deadline, $"exit #{restart}");
            var waited = TimeSpan.Zero;
            // Step the clock until the restart happens; the back-off timer may be armed a moment after the log line.
            Eventually.True(() =>
            {
                if (camera.Restarts >= restart)
                {
                    return true;
                }
                time.Advance(TimeSpan.FromMilliseconds(50));
                waited += TimeSpan.FromMilliseconds(50);
                return false;
            }, Deadline, $"restart #{restart}");
            waits.Add(waited);
        }
        Assert.True(waits[0] >= TimeSpan.FromMilliseconds(500), $"first wait {waits[0]}");
        Assert.True(waits[1] >= TimeSpan.FromMilliseconds(1000), $"second wait {waits[1]}");
        Assert.True(waits[2] >= TimeSpan.FromMilliseconds(2000), $"third wait {waits[2]}");
        Assert.True(logger.Contains("exited with code 3"), logger.ToString());
        Assert.True(logger.Contains("no such camera"), logger.ToString());
        Assert.Equal(0, ring.Published);

        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
