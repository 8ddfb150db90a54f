using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Engine;

/// <summary>
/// A generated scenario replayed through the engine and the real models on a <see cref="ManualTimeProvider"/> set to
/// each hop's and frame's sensor time, in lock step with tier 2 (each escalation finishes before the next frame), so
/// what the cascade decides depends on the recording alone.
/// </summary>
public sealed class InjectedClockTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private sealed record Run(RunReport Report, List<(bool Ran, bool Due, long Frame)> Faces, List<(bool Ran, bool Due, bool GateOpen)> Vad);

    [Fact]
    public void The_decisions_follow_the_recording_alone_and_tier1_runs_only_when_its_gate_says()
    {
        var (dir, truth) = TestScenarios.Gates;
        var first = LockStep(dir, truth);
        var second = LockStep(dir, truth);

        // Deterministic: the same decisions, on the same frames, for the same reasons.
        static List<(long, int, EscalationReason, long)> Key(Run r) =>
            r.Report.Decisions.Records.Select(d => (d.Sequence, d.Tier, d.Reason, d.Frame.Nanoseconds)).ToList();
        Assert.Equal(Key(first), Key(second));

        var records = first.Report.Decisions.Records;
        Assert.Equal(first.Report.Replay.Frames, records.Length);
        var escalations = records.Where(r => r.Tier == 2).ToList();
        var escalation = new EscalationOptions();
        Assert.Equal((0L, EscalationReason.Startup), (escalations[0].Sequence, escalations[0].Reason));
        // After start-up only the view (a cut, a pan, an unsettled object) and the speaker (the utterance goes on over the
        // cut to the cup, where nobody is in view) give reasons: no periodic refresh in 6 s, no user.
        Assert.All(escalations.Skip(1), e => Assert.Equal(EscalationReason.None,
            e.Reason & ~(EscalationReason.SceneChange | EscalationReason.Uncertain | EscalationReason.Disagreement)));
        // Each cut (2 s: the cup, 4 s: the cat) is a scene change at the first escalation from it on, within the minimum
        // interval: the rate limit may hold a cut back, never forget it; and it runs on sensor time, so how fast the
        // machine is does not move it.
        foreach (var cut in truth.Shots.Skip(1).Select(s => s.Start))
        {
            var next = escalations.First(e => e.Frame.Seconds >= cut);
            Assert.True((next.Reason & EscalationReason.SceneChange) != 0, $"cut at {cut} s: {next}");
            Assert.InRange(next.Frame.Seconds, cut, cut + escalation.MinInterval.TotalSeconds);
        }
        Assert.DoesNotContain(escalations, e => (e.Reason & EscalationReason.Periodic) != 0); // 6 s, the refresh is every 15 s
        Assert.All(escalations.Zip(escalations.Skip(1)), p =>
            Assert.True(p.Second.Frame - p.First.Frame >= escalation.SettleInterval, $"{p.First} then {p.Second}"));
        // Lock step: tier 2 ran on every escalation, none waited or was replaced.
        Assert.Equal(escalations.Count, first.Report.Tier2Runs.Count);
        Assert.Equal(0, first.Report.SupersededEscalations);
        Assert.All(escalations, e => Assert.False(e.Superseded));
        // Every latency is read off the injected clock, which stands at the sensor time while the work runs.
        Assert.All(records, r => Assert.Equal(TimeSpan.Zero, r.Latency));
        Assert.All(escalations, e => Assert.Equal(TimeSpan.Zero, e.FullLatency));
        Assert.All(first.Report.EventLatencyMs, ms => Assert.Equal(0, ms));
        Assert.Equal(escalations, first.Report.Timeline.Decisions);

        // Faces run on motion, on a global change and every FaceEveryNFrames frames, and only then.
        Assert.All(first.Faces, f => Assert.True(f.Ran == f.Due, $"frame {f.Frame}: ran {f.Ran}, due {f.Due}"));
        Assert.Contains(first.Faces, f => !f.Ran);
        Assert.Contains(first.Faces, f => f.Ran && f.Frame % new CascadeOptions().FaceEveryNFrames != 1); // the pan moves
        // The VAD runs while the sound gate is open or speech is active, and only then.
        Assert.All(first.Vad, v => Assert.True(v.Ran == v.Due, $"ran {v.Ran}, due {v.Due}"));
        Assert.Contains(first.Vad, v => !v.Ran);
        Assert.Contains(first.Vad, v => v.Ran && v.GateOpen);

        // Compute per tier: each frame's record carries tier 0 and tier 1 since the previous frame (its audio hops
        // included), and they add up to the run's totals (Stopwatch time: only the split is checked, not the amounts).
        var tier1 = TimeSpan.FromTicks(records.Sum(r => r.Tier1Compute.Ticks));
        var tier0 = TimeSpan.FromTicks(records.Sum(r => r.Tier0Compute.Ticks));
        Assert.True(tier1 > TimeSpan.Zero && tier0 > TimeSpan.Zero, $"tier 0 {tier0}, tier 1 {tier1}");
        Assert.InRange((first.Report.Tier1Compute - tier1).Duration().TotalMilliseconds, 0, 1);
        Assert.True(tier0 + tier1 <= first.Report.FastCompute, $"{tier0} + {tier1} > {first.Report.FastCompute}");
    }

    private Run LockStep(string dir, GroundTruth truth)
    {
        var clock = new ManualTimeProvider();
        var faces = new CountingFaceDetector(fixture.Loaded.Models.Faces!);
        var vad = new CountingVoiceActivity(fixture.Loaded.Models.Vad!);
        vad.Reset(); // the recurrent state is the shared model's: start from where a fresh one would
        var options = new CascadeOptions();
        var faceRuns = new List<(bool, bool, long)>();
        var vadRuns = new List<(bool, bool, bool)>();

        ReplayResult Feed(CascadeEngine engine, Func<long> emitted, CancellationToken token) => LockStepReplay.Run(clock, dir, truth, engine,
            aroundHop: hop =>
            {
                var (calls, active) = (vad.Calls, engine.SpeechActive);
                hop();
                vadRuns.Add((vad.Calls > calls, engine.LastLevel.Open || active, engine.LastLevel.Open));
            },
            aroundFrame: (frame, frames) =>
            {
                var before = faces.Calls;
                frame();
                var motion = engine.LastMotion;
                faceRuns.Add((faces.Calls > before, motion.Motion || motion.GlobalChange || frames % options.FaceEveryNFrames == 1, frames));
            });

        var report = CascadeSession.Run(options, fixture.Loaded.Models with { Faces = faces, Vad = vad }, Feed, sink: null, clock, timeline: new TimelineRecorder());
        return new Run(report, faceRuns, vadRuns);
    }
}
