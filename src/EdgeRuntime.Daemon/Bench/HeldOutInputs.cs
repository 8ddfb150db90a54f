using System.Diagnostics;
using System.Globalization;
using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.Inference.Encoders.Audio;

namespace EdgeRuntime.Daemon.Bench;

/// <summary>
/// Loads a manifest entry's held-out inputs (<c>heldOut</c>): photos and video stills (<c>file@seconds</c>) decoded by
/// ffmpeg at their own size, and audio (raw 16 kHz signed 16-bit <c>.s16</c>, or anything ffmpeg reads, resampled to
/// 16 kHz mono). Relative paths resolve against the EdgeRuntime home.
/// </summary>
internal static class HeldOutInputs
{
    /// <summary>The inputs of <paramref name="items"/> that exist, and the ones that do not (named in the bench's line).</summary>
    public static (List<string> Present, List<string> Missing) Resolve(IEnumerable<string> items, string home)
    {
        var present = new List<string>();
        var missing = new List<string>();
        foreach (var item in items)
        {
            var (file, seconds) = Parse(item);
            var full = Path.GetFullPath(file, home);
            (File.Exists(full) ? present : missing).Add(seconds is { } s ? full + "@" + s.ToString(CultureInfo.InvariantCulture) : full);
        }
        return (present, missing);
    }

    /// <summary>An image or a video still as RGB24 at its own size.</summary>
    public static RgbImage Image(string item)
    {
        var (file, seconds) = Parse(item);
        string[] seek = seconds is { } s ? ["-ss", s.ToString("0.###", CultureInfo.InvariantCulture)] : [];
        // PPM carries its own size, so one ffmpeg call is enough (no ffprobe).
        var ppm = Ffmpeg([.. seek, "-i", file, "-frames:v", "1", "-f", "image2pipe", "-vcodec", "ppm", "-pix_fmt", "rgb24", "-"], item);
        return ParsePpm(ppm, item);
    }

    /// <summary>Audio as 16 kHz mono samples in -1..1.</summary>
    public static float[] Audio(string path)
    {
        var bytes = path.EndsWith(".s16", StringComparison.OrdinalIgnoreCase)
            ? File.ReadAllBytes(path)
            : Ffmpeg(["-i", path, "-ac", "1", "-ar", SileroVadEncoder.SampleRate.ToString(CultureInfo.InvariantCulture), "-f", "s16le", "-"], path);
        var samples = new float[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(bytes, 2 * i) / 32768f;
        return samples;
    }

    private static (string File, double? Seconds) Parse(string item)
    {
        var at = item.LastIndexOf('@');
        return at > 0 && double.TryParse(item[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? (item[..at], s) : (item, null);
    }

    private static RgbImage ParsePpm(byte[] ppm, string item)
    {
        // "P6\n<w> <h>\n255\n" then w*h*3 bytes.
        var fields = new List<int>();
        var at = 2;
        while (fields.Count < 3 && at < ppm.Length)
        {
            while (at < ppm.Length && char.IsWhiteSpace((char)ppm[at])) at++;
            var start = at;
            while (at < ppm.Length && char.IsAsciiDigit((char)ppm[at])) at++;
            fields.Add(int.Parse(ppm.AsSpan(start, at - start), CultureInfo.InvariantCulture));
        }
        at++;
        if (ppm.Length < 2 || ppm[0] != 'P' || ppm[1] != '6' || fields.Count < 3 || ppm.Length - at < fields[0] * fields[1] * 3)
        {
            throw new InvalidDataException($"{item}: ffmpeg did not give one RGB image");
        }
        return new RgbImage(ppm[at..(at + fields[0] * fields[1] * 3)], fields[0], fields[1]);
    }

    private static byte[] Ffmpeg(string[] args, string item)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-loglevel", "error", "-nostdin", .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new IOException("cannot start ffmpeg");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"{item}: ffmpeg could not decode it: {error.Result.Trim()}");
        }
        return output.ToArray();
    }
}
