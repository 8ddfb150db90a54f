using System.Globalization;
using System.Text.Json;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>What ffprobe says about a video file's first video stream: size, nominal rate and every frame's presentation time.</summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="FramesPerSecond">The nominal frame rate (used past the last known timestamp).</param>
/// <param name="PresentationTimes">Each frame's presentation time in seconds, in display order.</param>
public sealed record VideoProbe(int Width, int Height, double FramesPerSecond, IReadOnlyList<double> PresentationTimes)
{
    /// <summary>The presentation time of frame <paramref name="index"/> (extrapolated at the nominal rate past the known ones).</summary>
    public double TimeOf(int index)
    {
        if (index < PresentationTimes.Count)
        {
            return PresentationTimes[index];
        }
        var last = PresentationTimes.Count == 0 ? 0 : PresentationTimes[^1];
        return last + (index - PresentationTimes.Count + 1) / FramesPerSecond;
    }

    /// <summary>The frame count the container's header declares (null when it declares none, as Matroska does).</summary>
    public int? DeclaredFrames { get; init; }

    /// <summary>What ffprobe reported as errors while reading the packets (e.g. <c>partial file</c>); empty when none.</summary>
    public string Errors { get; init; } = "";

    /// <summary>
    /// Null when the file looks whole; otherwise why not: no frame at all, errors while reading its packets, or fewer
    /// packets than its header declares (a truncated file).
    /// </summary>
    public string? Damage =>
        PresentationTimes.Count == 0 ? "no video frame"
        : DeclaredFrames is { } declared && PresentationTimes.Count < declared ? $"{PresentationTimes.Count} of the {declared} frames its header declares (truncated?)" + (Errors.Length > 0 ? ": " + Errors : "")
        : Errors.Length > 0 ? "ffprobe: " + Errors
        : null;

    /// <summary>The file's duration: one frame period past the last frame.</summary>
    public double Duration => TimeOf(PresentationTimes.Count);

    /// <summary>Runs ffprobe on <paramref name="file"/> (packets only: it does not decode, so it is quick).</summary>
    /// <exception cref="InvalidDataException">ffprobe failed or found no video stream.</exception>
    public static VideoProbe Probe(string file, string ffprobe = "ffprobe")
    {
        var args = new[]
        {
            "-v", "error", "-select_streams", "v:0",
            "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames:packet=pts_time",
            "-of", "json", file,
        };
        var info = new System.Diagnostics.ProcessStartInfo(ffprobe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(info) ?? throw new InvalidDataException("cannot start " + ffprobe);
        var errors = process.StandardError.ReadToEndAsync();
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"ffprobe failed on '{file}' (exit {process.ExitCode}): {errors.Result.Trim()}");
        }
        return Parse(json, file) with { Errors = string.Join("; ", errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) };
    }

    /// <summary>Parses ffprobe's JSON (<c>-of json</c> with <c>streams</c> and <c>packets</c>).</summary>
    public static VideoProbe Parse(string json, string file)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new InvalidDataException($"'{file}' has no video stream");
        }
        var stream = streams[0];
        var width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        var fps = Rate(stream, "avg_frame_rate") is var avg && avg > 0 ? avg : Rate(stream, "r_frame_rate");
        var times = new List<double>();
        if (root.TryGetProperty("packets", out var packets))
        {
            foreach (var p in packets.EnumerateArray())
            {
                if (p.TryGetProperty("pts_time", out var pts) && double.TryParse(pts.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                {
                    times.Add(t);
                }
            }
        }
        times.Sort(); // packets come in decode order; frames leave the decoder in presentation order
        int? declared = stream.TryGetProperty("nb_frames", out var nb) && int.TryParse(nb.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        return new VideoProbe(width, height, fps > 0 ? fps : 25, times) { DeclaredFrames = declared };
    }

    private static double Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
        {
            return 0;
        }
        var parts = text.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0
            ? n / d
            : 0;
    }
}
