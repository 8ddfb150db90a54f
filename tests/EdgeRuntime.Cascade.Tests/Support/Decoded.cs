using EdgeRuntime.Tools.Scenarios.Render;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>Real media decoded by real ffmpeg/sox for tests.</summary>
internal static class Decoded
{
    /// <summary>Every frame of <paramref name="video"/> as an 8-bit luma plane (ffmpeg's gray pixel format), scaled to width×height.</summary>
    public static List<byte[]> GrayFrames(string video, int width, int height, int maxFrames = int.MaxValue) =>
        Frames(video, width, height, "gray", 1, maxFrames).ToList();

    /// <summary>The frames of <paramref name="video"/> as RGB24 scaled to width×height, decoded as they are read.</summary>
    public static IEnumerable<byte[]> RgbFrames(string video, int width = 640, int height = 480) => Frames(video, width, height, "rgb24", 3, int.MaxValue);

    private static IEnumerable<byte[]> Frames(string video, int width, int height, string pixelFormat, int bytesPerPixel, int maxFrames)
    {
        using var ffmpeg = External.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", video,
            "-vf", $"scale={width}:{height}", "-frames:v", maxFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-f", "rawvideo", "-pix_fmt", pixelFormat, "-"], redirectStdin: false, redirectStdout: true);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var stream = ffmpeg.StandardOutput.BaseStream;
        while (true)
        {
            var frame = new byte[width * height * bytesPerPixel];
            if (stream.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false) < frame.Length)
            {
                break;
            }
            yield return frame;
        }
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, errors.Result);
    }

    /// <summary>One RGB24 frame of a photo or video scaled to width×height by real ffmpeg.</summary>
    public static byte[] Rgb(string image, int width = 640, int height = 480, double atSeconds = 0)
    {
        string[] seek = atSeconds > 0 ? ["-ss", atSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        using var ffmpeg = External.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", .. seek, "-i", image,
            "-vf", $"scale={width}:{height}", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], redirectStdin: false, redirectStdout: true);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var frame = new byte[width * height * 3];
        var read = ffmpeg.StandardOutput.BaseStream.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
        ffmpeg.WaitForExit();
        Assert.True(read == frame.Length, $"ffmpeg gave {read} bytes: {errors.Result}");
        return frame;
    }

    /// <summary>A WAV as floats (16 kHz mono 16-bit, the scenario format).</summary>
    public static float[] Audio(string wav) => Wav.ReadMono16(wav, 16000);
}
