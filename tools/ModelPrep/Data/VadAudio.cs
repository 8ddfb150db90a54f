using System.Globalization;
using EdgeRuntime.ModelPrep.Pipeline;

namespace EdgeRuntime.ModelPrep.Data;

/// <summary>
/// One stretch of a VAD audio set: an espeak-ng sentence at <paramref name="LevelDb"/> (RMS of its voiced samples, dBFS)
/// with sox noise under the whole stretch at <paramref name="SnrDb"/> below it (<paramref name="Noise"/> "none": digital
/// silence around the speech); without text, a noise-only stretch with the noise at <paramref name="LevelDb"/>.
/// </summary>
internal sealed record VadClip(string? Text, string Voice, int WordsPerMinute, string Noise, double SnrDb, double LevelDb);

/// <summary>A named list of clips rendered one after the other into one 16 kHz mono stream.</summary>
internal sealed record VadAudioSet(string Name, IReadOnlyList<VadClip> Clips);

/// <summary>
/// Calibration and held-out audio for silero VAD, generated from espeak-ng speech (several voices) mixed with sox
/// white/pink/brown noise at a few SNRs, with silence and noise-only stretches, 16 kHz mono. The two sets never share a
/// sentence. Rendering is deterministic (espeak-ng and sox's repeatable -R noise) and cached as signed 16-bit PCM
/// under the work folder (.deps/modelprep/audio/NAME.s16). Not the cascade's evaluation scenarios (tools/Scenarios).
/// </summary>
internal static class VadAudio
{
    public const int SampleRate = 16000;

    /// <summary>Noise-only or silent lead before and tail after each sentence, and the length of a noise-only clip.</summary>
    private const double PadSeconds = 0.7, NoiseOnlySeconds = 2.0;

    // Speech levels from a close talker (-17 dBFS RMS) to a distant one or a low-gain microphone (-36 dBFS): quantized
    // activation ranges are set by the loud input, so the quiet input is where INT8 loses resolution first.
    public static readonly VadAudioSet Calibration = new("calibration",
    [
        new("The morning train was late again, so we walked to the office along the river.", "en-us", 160, "pink", 20, -18),
        new("Please put the blue folder on the shelf next to the printer.", "en-gb", 150, "white", 10, -26),
        new(null, "", 0, "brown", 0, -40),
        new("Seven small boats drifted slowly past the old stone harbour wall.", "en-gb-scotland", 170, "brown", 5, -32),
        new("Could you tell me where the nearest pharmacy is, please?", "en-us+f3", 175, "none", 0, -22),
        new(null, "", 0, "white", 0, -45),
        new("Turn the heating down a little before everyone arrives tonight.", "en-029", 155, "pink", 10, -36),
        new("Our neighbours painted their fence bright yellow last summer.", "en-gb-x-rp", 165, "white", 20, -20),
        new(null, "", 0, "none", 0, 0),
        new("A quick brown dog jumped over the sleeping cat in the garden.", "en-us+m3", 180, "brown", 15, -28),
    ]);

    public static readonly VadAudioSet Validation = new("validation",
    [
        new("The library closes early on Sundays during the winter months.", "en-gb", 160, "white", 15, -20),
        new("Remember to water the tomatoes before you leave for the airport.", "en-us", 170, "brown", 10, -30),
        new(null, "", 0, "pink", 0, -42),
        new("He found his keys under a pile of newspapers on the kitchen table.", "en-us+f3", 150, "pink", 5, -24),
        new("The concert starts at eight, but the doors open an hour before.", "en-gb-scotland", 165, "none", 0, -34),
        new(null, "", 0, "brown", 0, -38),
        new("Fresh snow covered the hills and the road to the village was closed.", "en-gb-x-rp", 175, "white", 20, -17),
        new("She asked the driver to stop at the corner by the bakery.", "en-029", 160, "brown", 5, -27),
        new(null, "", 0, "none", 0, 0),
        new("Twelve students finished the long exam before the bell rang.", "en-us+m3", 155, "pink", 10, -35),
    ]);

    /// <summary>The set's samples in [-1, 1], rendered once into <paramref name="paths"/>' audio folder and read from there after.</summary>
    public static float[] Load(VadAudioSet set, PrepPaths paths)
    {
        var file = paths.Audio(set.Name);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var rendered = Render(set, paths.Scratch("vad-audio-" + set.Name));
            File.WriteAllBytes(file + ".tmp", rendered);
            File.Move(file + ".tmp", file, overwrite: true);
        }
        return FromPcm(File.ReadAllBytes(file));
    }

    /// <summary>Renders the set as signed 16-bit little-endian PCM (same bytes on every run).</summary>
    public static byte[] Render(VadAudioSet set, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var clips = set.Clips.Select(c => c.Text is null ? new float[Samples(NoiseOnlySeconds)] : Padded(Speak(c, scratch))).ToList();
        var total = clips.Sum(c => c.Length);
        // One noise track per kind for the whole set, each clip taking its own stretch: repeatable sox gives the same noise
        // on every call, so per-clip calls would give every clip the same noise.
        var noise = set.Clips.Select(c => c.Noise).Where(n => n != "none").Distinct(StringComparer.Ordinal)
            .ToDictionary(kind => kind, kind => FromPcm(Sox(["-n", .. Raw, "-", "synth", F(total / (double)SampleRate + 0.01), kind + "noise"])), StringComparer.Ordinal);
        var mix = new float[total];
        var at = 0;
        for (var i = 0; i < clips.Count; i++)
        {
            var (clip, spec) = (clips[i], set.Clips[i]);
            clip.CopyTo(mix, at);
            if (spec.Noise != "none")
            {
                var noiseRms = Math.Pow(10, (spec.Text is null ? spec.LevelDb : spec.LevelDb - spec.SnrDb) / 20.0);
                var track = noise[spec.Noise].AsSpan(at, clip.Length);
                var gain = noiseRms / Math.Max(1e-9, Rms(track));
                for (var s = 0; s < clip.Length; s++) mix[at + s] += (float)(gain * track[s]);
            }
            at += clip.Length;
        }
        return ToPcm(mix);
    }

    /// <summary>Speech of one clip at its level (RMS over its voiced samples).</summary>
    private static float[] Speak(VadClip clip, string scratch)
    {
        var wav = Path.Combine(scratch, "speech.wav");
        Processes.Run("espeak-ng", ["-v", clip.Voice, "-s", clip.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", wav, clip.Text!]);
        var speech = FromPcm(Sox([wav, .. Raw, "-"]));
        var voiced = speech.Where(v => Math.Abs(v) > 1e-3f).ToArray();
        var gain = Math.Pow(10, clip.LevelDb / 20.0) / Math.Max(1e-9, Rms(voiced));
        return [.. speech.Select(v => (float)(v * gain))];
    }

    private static float[] Padded(float[] speech)
    {
        var result = new float[speech.Length + 2 * Samples(PadSeconds)];
        speech.CopyTo(result, Samples(PadSeconds));
        return result;
    }

    /// <summary>sox output format: raw signed 16-bit mono at 16 kHz.</summary>
    private static readonly string[] Raw = ["-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw"];

    /// <summary>sox in repeatable mode (-R: fixed noise seed) without dither (-D: sox dithers by default when it resamples, at random).</summary>
    private static byte[] Sox(string[] args) => Processes.RunForBytes("sox", ["-R", "-D", .. args]);

    private static int Samples(double seconds) => (int)Math.Round(seconds * SampleRate);

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x) sum += v * (double)v;
        return x.Length == 0 ? 0 : Math.Sqrt(sum / x.Length);
    }

    public static float[] FromPcm(byte[] pcm)
    {
        var samples = new float[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BitConverter.ToInt16(pcm, 2 * i) / 32768f;
        return samples;
    }

    private static byte[] ToPcm(float[] samples)
    {
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = (short)Math.Round(Math.Clamp(samples[i], -1f, 32767f / 32768f) * 32768f);
            BitConverter.TryWriteBytes(pcm.AsSpan(2 * i), v);
        }
        return pcm;
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
