using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Tools.Scenarios.Render;

namespace EdgeRuntime.Cascade.Tests.Gates;

public sealed class SoundLevelGateTests
{
    private const int Hop = 512, Rate = 16000;

    private static List<SoundLevel> Run(float[] audio, SoundLevelGate gate)
    {
        var levels = new List<SoundLevel>();
        for (var i = 0; i + Hop <= audio.Length; i += Hop)
        {
            levels.Add(gate.Process(audio.AsSpan(i, Hop), Timestamp.FromSeconds(i / (double)Rate)));
        }
        return levels;
    }

    [Fact]
    public void A_full_scale_sine_from_sox_measures_minus_three_dbfs()
    {
        using var dir = Repo.TempDir();
        var wav = Path.Combine(dir.Path, "sine.wav");
        External.Run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", wav, "synth", "1", "sine", "440", "gain", "-0.01");
        var levels = Run(Decoded.Audio(wav), new SoundLevelGate(new SoundGateOptions()));
        Assert.All(levels.Skip(1).SkipLast(1), l => Assert.InRange(l.Dbfs, -3.2f, -2.9f));
    }

    [Fact]
    public void The_gate_opens_on_generated_speech_and_stays_closed_in_the_quiet_around_it()
    {
        var (dir, truth) = TestScenarios.Gates;
        var levels = Run(Decoded.Audio(Path.Combine(dir, truth.Audio)), new SoundLevelGate(new SoundGateOptions()));
        var speech = truth.Speech[0];
        var during = levels.Where(l => l.Timestamp.Seconds >= speech.Start && l.Timestamp.Seconds + Hop / (double)Rate <= speech.End).ToList();
        var quiet = levels.Where(l => l.Timestamp.Seconds > speech.End + 0.5 && l.Timestamp.Seconds < truth.Noise[0].Start - 0.1).ToList();
        Assert.True(during.Count(l => l.Open) >= during.Count * 0.9, $"open in {during.Count(l => l.Open)} of {during.Count} speech hops");
        Assert.True(quiet.Count > 20 && quiet.All(l => !l.Open), string.Join('\n', quiet.Where(l => l.Open)));
    }

    [Fact]
    public void A_noise_burst_opens_the_sound_gate_because_it_is_loud()
    {
        var (dir, truth) = TestScenarios.Gates;
        var levels = Run(Decoded.Audio(Path.Combine(dir, truth.Audio)), new SoundLevelGate(new SoundGateOptions()));
        var burst = truth.Noise[0];
        Assert.Contains(levels, l => l.Open && l.Timestamp.Seconds > burst.Start && l.Timestamp.Seconds < burst.End);
    }

    [Fact]
    public void The_gate_closes_after_the_hangover_once_the_sound_stops()
    {
        var options = new SoundGateOptions { Hangover = TimeSpan.FromMilliseconds(200) };
        var gate = new SoundLevelGate(options);
        var quiet = new short[Hop];
        var loud = Enumerable.Range(0, Hop).Select(i => (short)(8000 * Math.Sin(i * 0.2))).ToArray();
        var t = 0.0;
        for (var i = 0; i < 20; i++, t += 0.032)
        {
            gate.Process(quiet, Timestamp.FromSeconds(t));
        }
        Assert.True(gate.Process(loud, Timestamp.FromSeconds(t)).Open);
        t += 0.032;
        var after = new List<SoundLevel>();
        for (var i = 0; i < 10; i++, t += 0.032)
        {
            after.Add(gate.Process(quiet, Timestamp.FromSeconds(t)));
        }
        Assert.True(after[0].Open);
        Assert.False(after[^1].Open);
        Assert.Equal(6, after.Count(l => l.Open)); // 0.032..0.192 s after the loud hop are within 200 ms
    }

    [Fact]
    public void Scoring_a_hop_allocates_nothing()
    {
        var gate = new SoundLevelGate(new SoundGateOptions());
        var hop = new float[Hop];
        gate.Process(hop, Timestamp.FromSeconds(0));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 100; i++)
        {
            gate.Process(hop.AsSpan(), Timestamp.FromSeconds(i * 0.032));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
