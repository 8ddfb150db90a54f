using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Camera.OpenCv;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Tests.Camera.OpenCv;

/// <summary>The opencv camera (OpenCvSharp's VideoCapture, Microsoft's linux-x64 extern) on a video ffmpeg makes from real photos.</summary>
public sealed class OpenCvCameraTests : IDisposable
{
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data/";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = Repo.TempDir("edge-opencv");

    // One second of messi5.jpg then one of fruits.jpg, 320x240 at 10 fps (20 frames), H.264 in MP4.
    private string MakeVideo()
    {
        var file = _dir.File("photos.mp4");
        var r = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error",
            "-loop", "1", "-t", "1", "-i", Photos + "messi5.jpg", "-loop", "1", "-t", "1", "-i", Photos + "fruits.jpg",
            "-filter_complex", "[0]scale=320:240,setsar=1,fps=10[a];[1]scale=320:240,setsar=1,fps=10[b];[a][b]concat=n=2:v=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-pix_fmt", "yuv420p", file], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.ToString());
        return file;
    }

    // The same file decoded by the ffmpeg command line, one frame of rgb24 at the given size.
    private byte[] FfmpegFrame(string file, int index, int width, int height)
    {
        var raw = _dir.File($"frame{index}.rgb");
        var r = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", file, "-vf", $"select=eq(n\\,{index}),scale={width}:{height}:flags=area",
            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", raw], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.ToString());
        return File.ReadAllBytes(raw);
    }

    private static double MeanDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }
        return sum / (double)a.Length;
    }

    private static async Task<List<(Timestamp Stamp, byte[] Pixels)>> TakeAll(FrameRing ring, int max, CancellationToken ct)
    {
        var frames = new List<(Timestamp, byte[])>();
        while (frames.Count < max && await ring.TakeAsync(ct) is { } frame)
        {
            frames.Add((frame.Timestamp, frame.Data.ToArray()));
            ring.Release(frame);
        }
        return frames;
    }

    [Fact]
    public async Task Every_frame_of_a_file_arrives_stamped_with_its_file_time_and_matches_what_ffmpeg_decodes()
    {
        var file = MakeVideo();
        var format = FrameFormat.Packed(320, 240, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var origin = new ReplayOrigin();
        var start = origin.GetOrSet(new Timestamp(1_000_000_000));
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(file), format, 15, ReplayPacing.AsFast), ring, new ListLogger(), origin: origin);
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);

        var frames = await TakeAll(ring, int.MaxValue, cts.Token);
        await run.WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => start.AddNanoseconds(i * 100_000_000L)), frames.Select(f => f.Stamp));
        Assert.Equal(0, ring.Dropped);
        Assert.True(ring.Bound.IsClosed, "the end of the file completes the ring");
        Assert.StartsWith("4.", camera.OpenCvVersion, StringComparison.Ordinal);
        // OpenCV's BGR converted to RGB equals ffmpeg's own RGB decode up to rounding in the colour conversion.
        Assert.InRange(MeanDifference(frames[0].Pixels, FfmpegFrame(file, 0, 320, 240)), 0, 2);
        Assert.InRange(MeanDifference(frames[15].Pixels, FfmpegFrame(file, 15, 320, 240)), 0, 2);
        // ...and the two photos are told apart: the comparison above is not satisfied by any frame.
        Assert.True(MeanDifference(frames[0].Pixels, frames[15].Pixels) > 20, "messi5 and fruits differ");
    }

    [Fact]
    public async Task Frames_of_another_size_are_resized_into_the_ring_format()
    {
        var file = MakeVideo();
        var format = FrameFormat.Packed(160, 120, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(file), format, 15, ReplayPacing.AsFast), ring, new ListLogger());
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);

        var frames = await TakeAll(ring, int.MaxValue, cts.Token);
        await run.WaitAsync(Deadline);

        Assert.Equal(20, frames.Count);
        Assert.All(frames, f => Assert.Equal(format.FrameBytes, f.Pixels.Length));
        Assert.InRange(MeanDifference(frames[5].Pixels, FfmpegFrame(file, 5, 160, 120)), 0, 3);
    }

    [Fact]
    public async Task Gray_frames_are_the_luma_of_the_photo()
    {
        var file = MakeVideo();
        var format = FrameFormat.Packed(320, 240, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(file), format, 15, ReplayPacing.AsFast), ring, new ListLogger());
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);

        var frames = await TakeAll(ring, int.MaxValue, cts.Token);
        await run.WaitAsync(Deadline);

        var rgb = FfmpegFrame(file, 0, 320, 240);
        var luma = new byte[320 * 240];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (byte)Math.Round(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
        }
        Assert.InRange(MeanDifference(frames[0].Pixels, luma), 0, 2);
    }

    [Fact]
    public async Task At_realtime_pace_a_frame_is_published_only_when_the_clock_reaches_its_time()
    {
        var file = MakeVideo();
        var time = new ManualTimeProvider();
        var format = FrameFormat.Packed(64, 48, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(file), format, 15, ReplayPacing.Realtime), ring, new ListLogger(), time);
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);
        var origin = Timestamp.Now(time);

        Eventually.True(() => ring.Published == 1, Deadline, "frame 0 out at once");
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(1, ring.Published);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Eventually.True(() => ring.Published == 2, Deadline, "frame 1 published at 100 ms");
        Assert.True(ring.TryTake(out var latest));
        Assert.Equal(origin.AddNanoseconds(100_000_000), latest.Timestamp);
        ring.Release(latest);
        cts.Cancel();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task Looping_keeps_timestamps_increasing_across_the_restart_of_the_file()
    {
        var file = MakeVideo();
        var format = FrameFormat.Packed(32, 24, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(file), format, 15, ReplayPacing.AsFast) { Loop = true }, ring, new ListLogger());
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);

        var stamps = (await TakeAll(ring, 25, cts.Token)).Select(f => f.Stamp).ToList();
        cts.Cancel();
        await run.WaitAsync(Deadline);

        var steps = stamps.Zip(stamps.Skip(1), (a, b) => b.NanosecondsSince(a)).ToList();
        Assert.All(steps, s => Assert.Equal(100_000_000, s)); // 20 frames a loop, no jump between loops
    }

    [Fact]
    public async Task A_source_that_cannot_be_opened_fails_the_component_naming_it()
    {
        var format = FrameFormat.Packed(32, 24, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var missing = _dir.File("no-such-video.mp4");
        var camera = new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(missing), format, 15, ReplayPacing.AsFast), ring, new ListLogger());

        var e = await Assert.ThrowsAsync<IOException>(() => camera.RunAsync(CancellationToken.None));

        Assert.Contains("no-such-video.mp4", e.Message, StringComparison.Ordinal);
        Assert.Contains("FFMPEG", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ring.Published);
    }

    [Theory]
    [InlineData("0", 0, "V4L2", true)]
    [InlineData("/dev/video2", null, "V4L2", true)]
    [InlineData("rtsp://cam.local:554/stream1", null, "FFMPEG", true)]
    [InlineData("v4l2src device=/dev/video0 ! videoconvert ! appsink", null, "GSTREAMER", true)]
    [InlineData("/srv/clips/door.mp4", null, "FFMPEG", false)]
    public void A_source_text_selects_its_backend(string text, int? index, string backend, bool live)
    {
        var source = OpenCvSource.Parse(text);
        Assert.Equal((index, Enum.Parse<OpenCvSharp.VideoCaptureAPIs>(backend), live), (source.Index, source.Backend, source.IsLive));
    }

    [Fact]
    public void A_stream_url_is_logged_without_its_password()
    {
        var source = OpenCvSource.Parse("rtsp://admin:hunter2@10.0.0.5:554/stream1");
        Assert.Equal("rtsp://***@10.0.0.5:554/stream1", source.Display);
        Assert.DoesNotContain("hunter2", source.Display, StringComparison.Ordinal);
        Assert.Equal(OpenCvSharp.VideoCaptureAPIs.FFMPEG, source.Backend);
    }

    public void Dispose() => _dir.Dispose();
}
