using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Tools.Scenarios.Spec;

namespace EdgeRuntime.Tools.Scenarios.Render;

/// <summary>
/// Builds the scenario's microphone track: a brown-noise floor, espeak-ng utterances and sox noise bursts, mixed at
/// 16 kHz mono. Speech segments for the ground truth are measured on each clip (first to last voiced 10 ms frame),
/// not taken from the spec, because espeak-ng pads its output with silence.
/// </summary>
internal static class AudioRenderer
{
    public const int SampleRate = 16000;

    public static (IReadOnlyList<TruthSpeech> Speech, IReadOnlyList<TruthNoise> Noise) Render(
        ScenarioSpec spec, double seconds, string wavPath, string workDir)
    {
        var total = (int)Math.Round(seconds * SampleRate);
        var mix = new float[total];

        var floor = Synth(workDir, "floor", seconds, "brownnoise", spec.BackgroundDb);
        Add(mix, floor, 0);

        var noise = new List<TruthNoise>();
        foreach (var (n, i) in spec.Noise.Select((n, i) => (n, i)))
        {
            var clip = Synth(workDir, "noise" + i, n.Seconds, n.Kind + "noise", n.GainDb);
            var at = (int)Math.Round(n.At * SampleRate);
            Add(mix, clip, at);
            noise.Add(new TruthNoise(n.At, Math.Min(seconds, n.At + n.Seconds), n.Kind));
        }

        var speech = new List<TruthSpeech>();
        foreach (var (s, i) in spec.Speech.Select((s, i) => (s, i)))
        {
            var clip = Speak(workDir, "speech" + i, s);
            var (first, last) = VoicedExtent(clip);
            var at = (int)Math.Round(s.At * SampleRate);
            Add(mix, clip, at);
            var start = (at + first) / (double)SampleRate;
            var end = Math.Min(seconds, (at + last) / (double)SampleRate);
            if (end > start)
            {
                speech.Add(new TruthSpeech(Math.Round(start, 3), Math.Round(end, 3), s.Text, s.Voice));
            }
        }
        Wav.WriteMono16(wavPath, mix, SampleRate);
        return (speech, noise);
    }

    /// <summary>Sample range [first, last) of the voiced part: 10 ms frames within 35 dB of the loudest frame.</summary>
    internal static (int First, int Last) VoicedExtent(ReadOnlySpan<float> clip)
    {
        const int frame = SampleRate / 100;
        var frames = clip.Length / frame;
        var rms = new double[frames];
        var max = 0.0;
        for (var f = 0; f < frames; f++)
        {
            double sum = 0;
            foreach (var v in clip.Slice(f * frame, frame))
            {
                sum += v * v;
            }
            rms[f] = Math.Sqrt(sum / frame);
            max = Math.Max(max, rms[f]);
        }
        var threshold = max * Math.Pow(10, -35 / 20.0);
        var firstFrame = Array.FindIndex(rms, r => r > threshold);
        var lastFrame = Array.FindLastIndex(rms, r => r > threshold);
        return firstFrame < 0 ? (0, 0) : (firstFrame * frame, (lastFrame + 1) * frame);
    }

    private static float[] Speak(string workDir, string name, SpeechSpec s)
    {
        var raw = Path.Combine(workDir, name + ".22k.wav");
        var wav = Path.Combine(workDir, name + ".wav");
        External.Run("espeak-ng", "-v", s.Voice, "-s", s.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", raw, s.Text);
        External.Run("sox", raw, "-r", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16", wav,
            "gain", "-n", F(s.GainDb));
        return Wav.ReadMono16(wav, SampleRate);
    }

    private static float[] Synth(string workDir, string name, double seconds, string kind, double gainDb)
    {
        var wav = Path.Combine(workDir, name + ".wav");
        // -R: sox's repeatable mode, so the noise is the same on every run.
        External.Run("sox", "-R", "-n", "-r", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16", wav,
            "synth", F(seconds), kind, "fade", "t", "0.02", F(seconds), "0.02", "gain", "-n", F(gainDb));
        return Wav.ReadMono16(wav, SampleRate);
    }

    private static void Add(float[] mix, float[] clip, int at)
    {
        for (var i = 0; i < clip.Length && at + i < mix.Length; i++)
        {
            if (at + i >= 0)
            {
                mix[at + i] += clip[i];
            }
        }
    }

    private static string F(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
