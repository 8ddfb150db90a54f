using EdgeRuntime.Daemon.Cli;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// Checks the recordings a run would replay before anything starts: a video ffprobe cannot read, with no frame, or with
/// fewer frames than its header declares, and a WAVE file that is not one, holds no sample or is shorter than its data
/// chunk says, stop <c>edge run</c> with one line naming the key and the file (exit 2) instead of running to an early,
/// silent end. A file cut while it plays is caught by the replay itself (exit 1).
/// </summary>
internal static class ReplayMediaCheck
{
    /// <summary>Throws <see cref="BadInputException"/> for the first unusable recording.</summary>
    public static void Check(EdgeOptions options)
    {
        if (options.Camera.Source == "replay" && options.Camera.ReplayFile is { } video)
        {
            Video("Camera:ReplayFile", video);
        }
        if (options.Audio.Source == "replay" && options.Audio.ReplayFile is { } audio)
        {
            Wave("Audio:ReplayFile", audio);
        }
    }

    private static void Video(string key, string file)
    {
        string? damage;
        try
        {
            damage = VideoProbe.Probe(file).Damage;
        }
        catch (InvalidDataException e)
        {
            damage = e.Message;
        }
        if (damage is not null)
        {
            throw new BadInputException($"{key} = '{file}': not a usable video: {damage}");
        }
    }

    private static void Wave(string key, string file)
    {
        string? damage;
        try
        {
            using var wav = new WavReader(file);
            damage = wav.MissingBytes > 0 ? $"its data chunk declares {wav.MissingBytes} bytes more than the file holds (truncated)"
                : wav.TotalFrames == 0 ? "no audio sample"
                : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            damage = e.Message;
        }
        if (damage is not null)
        {
            throw new BadInputException($"{key} = '{file}': not a usable WAVE file: {damage}");
        }
    }
}
