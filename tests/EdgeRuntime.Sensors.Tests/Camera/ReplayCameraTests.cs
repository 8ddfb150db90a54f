using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Tests.Camera;

/// <summary>The replay camera on a video file that ffmpeg makes for the test.</summary>
public sealed class ReplayCameraTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = Repo.TempDir();

    // 20 frames at 10 fps, 2 s, MPEG-4 in MP4.
    private string MakeVideo(string name = "clip.mp4", string source = "testsrc=size=160x120:rate=10", double seconds = 2)
    {
        var file = _dir.File(name);
        var r = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", source, "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "mpeg4", "-q:v", "5", file], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.ToString());
        return file;
    }

    [Fact]
    public void Probing_a_file_gives_its_size_rate_and_every_frame_time()
    {
        var probe = VideoProbe.Probe(MakeVideo());
        Assert.Equal((160, 120), (probe.Width, probe.Height));
        Assert.Equal(10, probe.FramesPerSecond, 3);
        Assert.Equal(20, probe.PresentationTimes.Count);
        Assert.Equal(1.9, probe.PresentationTimes[^1], 3);
        Assert.Equal(2.0, probe.Duration, 3);
    }

    [Fact]
    public void Presentation_times_are_sorted_out_of_decode_order()
    {
        const string json = """
            { "packets": [ { "pts_time": "0.000000" }, { "pts_time": "0.120000" }, { "pts_time": "0.040000" }, { "pts_time": "0.080000" } ],
              "streams": [ { "width": 64, "height": 48, "r_frame_rate": "25/1", "avg_frame_rate": "0/0" } ] }
            """;
        var probe = VideoProbe.Parse(json, "x.mp4");
        Assert.Equal([0.0, 0.04, 0.08, 0.12], probe.PresentationTimes);
        Assert.Equal(25, probe.FramesPerSecond);
        Assert.Equal(0.16, probe.TimeOf(4), 6);
    }

    [Fact]
    public async Task As_fast_as_consumed_every_frame_arrives_stamped_with_its_file_time()
    {
        var file = MakeVideo();
        var format = FrameFormat.Packed(80, 60, PixelFormat.Rgb24); // ffmpeg scales 160x120 down
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var origin = new ReplayOrigin();
        var start = origin.GetOrSet(new Timestamp(1_000_000_000));
        var camera = new ReplayCamera(new ReplayCameraSettings(file, format, ReplayPacing.AsFast), ring, new ListLogger(), origin: origin);
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);
        var stamps = new List<Timestamp>();
        while (await ring.TakeAsync(cts.Token) is { } frame)
        {
            Assert.Equal(format, frame.Format);
            stamps.Add(frame.Timestamp);
            ring.Release(frame);
        }
        await run;
        Assert.Equal(Enumerable.Range(0, 20).Select(i => start.AddNanoseconds(i * 100_000_000L)), stamps);
        Assert.Equal(0, ring.Dropped);
    }

    [Fact]
    public async Task At_realtime_pace_a_frame_is_published_only_when_the_clock_reaches_its_time()
    {
        var file = MakeVideo(seconds: 1);
        var time = new ManualTimeProvider();
        var format = FrameFormat.Packed(160, 120, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new ReplayCamera(new ReplayCameraSettings(file, format, ReplayPacing.Realtime), ring, new ListLogger(), time);
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);
        var origin = Timestamp.Now(time);

        Eventually.True(() => ring.Published == 1 && camera.NextFrameDue == origin.AddNanoseconds(100_000_000), Deadline, "frame 0 out, frame 1 waiting for its time");
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(1, ring.Published);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Eventually.True(() => ring.Published == 2, Deadline, "frame 1 published at 100 ms");
        Assert.True(ring.TryTake(out var latest));
        Assert.Equal(origin.AddNanoseconds(100_000_000), latest.Timestamp);
        ring.Release(latest);

        for (var i = 2; i < 10; i++)
        {
            Eventually.True(() => camera.NextFrameDue is not null, Deadline, $"frame {i} waiting");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        await run.WaitAsync(Deadline);
        Assert.Equal(10, ring.Published);
        Assert.True(ring.Bound.IsClosed);
    }

    [Fact]
    public async Task Looping_keeps_timestamps_increasing_across_the_restart_of_the_file()
    {
        var file = MakeVideo(seconds: 0.5);
        var format = FrameFormat.Packed(32, 24, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new ReplayCamera(new ReplayCameraSettings(file, format, ReplayPacing.AsFast) { Loop = true }, ring, new ListLogger());
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);
        var stamps = new List<Timestamp>();
        while (stamps.Count < 12 && await ring.TakeAsync(cts.Token) is { } frame)
        {
            stamps.Add(frame.Timestamp);
            ring.Release(frame);
        }
        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        var steps = stamps.Zip(stamps.Skip(1), (a, b) => b.NanosecondsSince(a)).ToList();
        Assert.All(steps, s => Assert.Equal(100_000_000, s)); // 5 frames a loop, no jump between loops
    }

    [Fact]
    public async Task A_file_ffmpeg_cannot_read_fails_the_component_naming_the_file()
    {
        var bad = _dir.File("not-a-video.mp4");
        await File.WriteAllTextAsync(bad, "hello");
        var format = FrameFormat.Packed(32, 24, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new ReplayCamera(new ReplayCameraSettings(bad, format, ReplayPacing.AsFast), ring, new ListLogger());
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => camera.RunAsync(CancellationToken.None));
        Assert.Contains("not-a-video.mp4", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
