using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Camera.V4l2;

namespace EdgeRuntime.Sensors.Tests.Camera;

/// <summary>Everything above the ioctl, on a fake device; the real device's error path on the real C library.</summary>
public sealed class V4l2CameraTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = Repo.TempDir();

    // BT.601 limited-range red: Y 81, U 90, V 240.
    private static byte[] YuyvRed(int width, int height, int stride)
    {
        var data = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x += 2)
            {
                var o = y * stride + x * 2;
                (data[o], data[o + 1], data[o + 2], data[o + 3]) = ((byte)81, (byte)90, (byte)81, (byte)240);
            }
        }
        return data;
    }

    // Feeds the device one batch per frame (latest wins, so the next batch waits until the last frame was taken).
    private static async Task<List<(Timestamp Stamp, byte[] Pixels)>> Capture(V4l2Camera camera, FrameRing ring, FakeVideoDevice device,
        params (byte[] Payload, long StampNs, uint Flags)[][] batches)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var run = camera.RunAsync(cts.Token);
        var got = new List<(Timestamp, byte[])>();
        foreach (var batch in batches)
        {
            foreach (var (payload, stamp, flags) in batch)
            {
                device.Add(payload, stamp, flags);
            }
            var frame = await ring.TakeAsync(cts.Token);
            got.Add((frame!.Timestamp, frame.Data.ToArray()));
            ring.Release(frame);
        }
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        return got;
    }

    [Fact]
    public async Task Yuyv_frames_arrive_as_rgb_with_the_driver_timestamps_and_every_buffer_goes_back_to_the_driver()
    {
        var device = new FakeVideoDevice([V4l2.PixMjpeg, V4l2.PixYuyv], [(64, 48)]) { BytesPerLinePadding = 32 };
        var format = FrameFormat.Packed(64, 48, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Yuyv, format, 15, Buffers: 3), ring, new ListLogger(), open: _ => device);

        var frames = await Capture(camera, ring, device,
            [.. Enumerable.Range(0, 6).Select(i => new[] { (YuyvRed(64, 48, 64 * 2 + 32), 5_000_000_000L + i * 66_666_000L, 0u) })]);

        Assert.Equal(Enumerable.Range(0, 6).Select(i => new Timestamp(5_000_000_000L + i * 66_666_000L)), frames.Select(f => f.Stamp));
        Assert.All(frames, f =>
        {
            Assert.Equal(format.FrameBytes, f.Pixels.Length);
            Assert.InRange(f.Pixels[0], 250, 255);
            Assert.InRange(f.Pixels[1], 0, 5);
            Assert.InRange(f.Pixels[2], 0, 5);
            Assert.Equal(f.Pixels[..3], f.Pixels[^3..]);
        });
        Assert.Equal(3, device.QueuedNow); // all three buffers back with the driver when it stopped
        Assert.Equal(6, device.Delivered);
        Assert.Equal((1, 3, true, true), (device.StreamOffs, device.Unmapped, device.BuffersFreed, device.Disposed));
        Assert.Equal(new V4l2Fract { Numerator = 1, Denominator = 15 }, camera.FrameInterval);
    }

    [Fact]
    public async Task Nv12_frames_are_converted_to_gray_from_their_luma_plane()
    {
        var device = new FakeVideoDevice([V4l2.PixNv12], [(32, 16)]);
        var nv12 = new byte[32 * 16 * 3 / 2];
        nv12.AsSpan(0, 32 * 16).Fill(235); // white luma
        nv12.AsSpan(32 * 16).Fill(128);
        var format = FrameFormat.Packed(32, 16, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Nv12, format, 30), ring, new ListLogger(), open: _ => device);
        var frames = await Capture(camera, ring, device, [(nv12, 1_000L, 0u)]);
        Assert.All(frames[0].Pixels, p => Assert.Equal(255, p));
    }

    [Fact]
    public async Task Mjpeg_frames_are_decoded_by_libturbojpeg_and_a_corrupt_one_is_dropped()
    {
        var jpegFile = _dir.File("red.jpg");
        var made = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:size=64x48", "-frames:v", "1", "-q:v", "2", jpegFile], Deadline);
        Assert.True(made.ExitCode == 0, made.ToString());
        var jpeg = await File.ReadAllBytesAsync(jpegFile);
        var device = new FakeVideoDevice([V4l2.PixMjpeg], [(64, 48)]);
        var format = FrameFormat.Packed(64, 48, PixelFormat.Bgr24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Mjpeg, format, 30), ring, new ListLogger(), open: _ => device);

        var frames = await Capture(camera, ring, device,
            [(jpeg, 10_000L, 0u)],
            [([0xFF, 0xD8, 0x00, 0x01, 0x02], 20_000L, 0u), (jpeg, 30_000L, V4l2.BufFlagError), (jpeg, 40_000L, 0u)]); // not a JPEG; flagged corrupt; good

        Assert.Equal([new Timestamp(10_000), new Timestamp(40_000)], frames.Select(f => f.Stamp));
        Assert.InRange(frames[0].Pixels[0], 0, 8);     // B
        Assert.InRange(frames[0].Pixels[2], 245, 255); // R
        Assert.Equal(2, camera.Corrupt);
    }

    [Fact]
    public async Task A_format_the_device_does_not_offer_is_an_error_listing_what_it_offers()
    {
        var device = new FakeVideoDevice([V4l2.PixYuyv, V4l2.PixNv12], [(64, 48)]);
        var format = FrameFormat.Packed(64, 48, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Mjpeg, format, 30), ring, new ListLogger(), open: _ => device);
        var e = await Assert.ThrowsAsync<IOException>(() => camera.RunAsync(CancellationToken.None));
        Assert.Contains("does not offer MJPG; it offers YUYV, NV12", e.Message, StringComparison.Ordinal);
        Assert.True(device.Disposed);
    }

    [Fact]
    public async Task A_size_the_driver_changes_is_an_error_listing_the_sizes_it_supports()
    {
        var device = new FakeVideoDevice([V4l2.PixYuyv], [(320, 240), (640, 480)]);
        var format = FrameFormat.Packed(100, 100, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Yuyv, format, 30), ring, new ListLogger(), open: _ => device);
        var e = await Assert.ThrowsAsync<IOException>(() => camera.RunAsync(CancellationToken.None));
        Assert.Contains("320x240, 640x480", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_cannot_stream_capture_is_refused_by_name()
    {
        var device = new FakeVideoDevice([V4l2.PixYuyv], [(64, 48)], capabilities: V4l2.CapVideoCapture);
        var format = FrameFormat.Packed(64, 48, PixelFormat.Rgb24);
        using var ring = new FrameRing("camera", 3, format.FrameBytes);
        var camera = new V4l2Camera(new V4l2CameraSettings(device.Path, PixelFormat.Yuyv, format, 30), ring, new ListLogger(), open: _ => device);
        var e = await Assert.ThrowsAsync<IOException>(() => camera.RunAsync(CancellationToken.None));
        Assert.Contains("(Fake Camera) cannot stream video capture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_device_node_that_does_not_exist_fails_with_the_errno_text()
    {
        var e = Assert.Throws<LibcException>(() => V4l2Device.Open("/dev/video-edge-test-absent"));
        Assert.Equal(2, e.Errno); // ENOENT
        Assert.Contains("/dev/video-edge-test-absent", e.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ioctls_on_something_that_is_not_a_video_device_fail_through_the_errno_funnel()
    {
        using var device = V4l2Device.Open("/dev/null");
        var e = Assert.Throws<LibcException>(() => device.QueryCapability());
        Assert.Contains("VIDIOC_QUERYCAP on /dev/null", e.Message, StringComparison.Ordinal);
        Assert.Equal(25, e.Errno); // ENOTTY: not a typewriter, the kernel's "this ioctl is not for this file"
    }

    public void Dispose() => _dir.Dispose();
}
