using System.Globalization;

namespace EdgeRuntime.Testing;

/// <summary>Real test media made with real tools: speech from espeak-ng resampled by sox, images decoded by ffmpeg.</summary>
public static class TestMedia
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Speech for <paramref name="text"/> as 16 kHz mono samples in [-1, 1] (espeak-ng, then sox).</summary>
    public static float[] Speech16k(string text, string voice = "en-us")
    {
        using var dir = Repo.TempDir("edge-speech");
        var wav = dir.File("speech.wav");
        var raw = dir.File("speech.raw");
        Check(ProcessRunner.Run("espeak-ng", ["-v", voice, "-w", wav, text], s_toolTimeout));
        Check(ProcessRunner.Run("sox", [wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw], s_toolTimeout));
        var bytes = File.ReadAllBytes(raw);
        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BitConverter.ToInt16(bytes, 2 * i) / 32768f;
        }
        return samples;
    }

    /// <summary>An image file decoded to packed RGB24 by ffmpeg, with its size.</summary>
    public static (byte[] Rgb, int Width, int Height) Rgb24(string imagePath)
    {
        var probe = ProcessRunner.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", imagePath], s_toolTimeout);
        Check(probe);
        var parts = probe.StdOut.Trim().Split(',');
        var width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        using var dir = Repo.TempDir("edge-image");
        var raw = dir.File("image.rgb");
        Check(ProcessRunner.Run("ffmpeg", ["-v", "error", "-y", "-i", imagePath, "-f", "rawvideo", "-pix_fmt", "rgb24", raw], s_toolTimeout));
        var rgb = File.ReadAllBytes(raw);
        if (rgb.Length != width * height * 3)
        {
            throw new InvalidDataException($"ffmpeg produced {rgb.Length} bytes for a {width}x{height} image");
        }
        return (rgb, width, height);
    }

    private static void Check(ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("media tool failed: " + result);
        }
    }
}
