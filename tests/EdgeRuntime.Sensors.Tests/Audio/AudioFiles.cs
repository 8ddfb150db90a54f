using System.Globalization;

namespace EdgeRuntime.Sensors.Tests.Audio;

/// <summary>Real audio made by the tools the project depends on: speech from espeak-ng, tones from sox.</summary>
internal static class AudioFiles
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Speech as espeak-ng writes it (22050 Hz mono 16-bit).</summary>
    public static string Speech(TempDir dir, string text = "The quick brown fox jumps over the lazy dog near the river bank.")
    {
        var file = dir.File("speech.wav");
        Run("espeak-ng", ["-w", file, text]);
        return file;
    }

    /// <summary>A sox sine tone.</summary>
    public static string Tone(TempDir dir, string name, int rate, int channels, int bits, double frequency, double seconds, double gain = 0.5, string encoding = "signed-integer")
    {
        var file = dir.File(name);
        Run("sox", ["-n", "-r", rate.ToString(CultureInfo.InvariantCulture), "-c", channels.ToString(CultureInfo.InvariantCulture),
            "-b", bits.ToString(CultureInfo.InvariantCulture), "-e", encoding, file,
            "synth", seconds.ToString(CultureInfo.InvariantCulture), "sine", frequency.ToString(CultureInfo.InvariantCulture),
            "vol", gain.ToString(CultureInfo.InvariantCulture)]);
        return file;
    }

    /// <summary>Converts with sox (resample, mix, re-encode) into a new file.</summary>
    public static string Convert(TempDir dir, string source, string name, params string[] outputOptions)
    {
        var file = dir.File(name);
        Run("sox", [source, .. outputOptions, file]);
        return file;
    }

    /// <summary>sox's own measurement of a file: RMS amplitude and length in seconds.</summary>
    public static (double Rms, double Seconds) SoxStat(string file)
    {
        var r = ProcessRunner.Run("sox", [file, "-n", "stat"], Limit);
        Assert.True(r.ExitCode == 0, r.ToString());
        double Field(string name) => double.Parse(
            r.StdErr.Split('\n').First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim(), CultureInfo.InvariantCulture);
        return (Field("RMS     amplitude"), Field("Length (seconds)"));
    }

    /// <summary>Root mean square of samples.</summary>
    public static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * (double)s;
        }
        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    private static void Run(string file, string[] args)
    {
        var r = ProcessRunner.Run(file, args, Limit);
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
