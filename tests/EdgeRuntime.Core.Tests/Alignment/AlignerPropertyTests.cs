using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Testing.Simulation;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeRuntime.Core.Tests.Alignment;

/// <summary>
/// The aligner on simulated clocks: the real mapper, ring, monitor and aligner, with a microphone whose crystal drifts,
/// whose stamps jitter (more than a block, so raw stamps arrive out of order), which loses stretches and goes silent.
/// </summary>
public class AlignerPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(20);

    private static Gen<AudioClockScenario> Scenarios(bool withGaps, bool withDead) =>
        from drift in Gen.Choose(-200, 200)
        from jitterTenths in Gen.Choose(0, 100)
        from block in Gen.Elements(64, 160, 256, 512)
        from outliers in Gen.Choose(0, 2)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from gapStart in Gen.Choose(30, 120)
        from gapLength in Gen.Choose(1, 6)
        from deadStart in Gen.Choose(40, 100)
        from deadLength in Gen.Choose(15, 30)
        select new AudioClockScenario(
            drift, jitterTenths / 10.0, block, outliers / 100.0, seed, DurationSeconds: 16,
            Gaps: withGaps ? [(gapStart / 10.0, gapLength / 10.0)] : null,
            Dead: withDead ? (deadStart / 10.0, deadLength / 10.0) : null);

    // Fails the property with the reason and the run's figures, so a counterexample explains itself.
    private static bool Expect(AlignmentSimulationResult r, params (bool Holds, string What)[] checks)
    {
        foreach (var (holds, what) in checks)
        {
            if (!holds)
            {
                var statuses = string.Join(", ", r.Frames.GroupBy(f => f.Status).Select(g => $"{g.Key}={g.Count()}"));
                throw new InvalidOperationException(
                    $"{what}; p99 {r.TrueErrorPercentile(99) / 1e6:F2} ms, max {r.TrueErrorPercentile(100) / 1e6:F2} ms, frames {statuses}, " +
                    $"delivered {r.Delivered.Count}, read {r.ReadBack.Count}, events [{string.Join("; ", r.Events)}]");
            }
        }
        return true;
    }

    [Fact]
    public void Under_200_ppm_drift_and_10_ms_jitter_the_true_window_error_p99_is_within_5_ms()
    {
        foreach (var drift in new[] { -200.0, 200.0 })
        {
            var r = AlignmentSimulation.Run(new AudioClockScenario(drift, JitterMs: 10, BlockSamples: 256, OutlierRate: 0.01, Seed: 11, DurationSeconds: 60));
            var p99 = r.TrueErrorPercentile(99);
            Assert.True(p99 <= 5_000_000, $"drift {drift}: p99 {p99 / 1e6:F2} ms");
            Assert.True(r.ReorderedObservations > 0, "10 ms of jitter on 16 ms blocks reorders raw stamps");
            Assert.True(r.Frames.Count(f => f.Whole) > 800, "most frames get a whole window");
        }
    }

    [Fact]
    public void For_any_drift_jitter_and_block_size_no_sample_is_lost_or_duplicated_and_the_window_error_is_bounded()
    {
        Prop.ForAll(Scenarios(withGaps: false, withDead: false).ToArbitrary(), s =>
        {
            var r = AlignmentSimulation.Run(s);
            return Expect(r,
                (r.ReadBack.SequenceEqual(r.Delivered), "every delivered sample read once, in order"),
                (r.TrueErrorPercentile(99) <= 5_000_000, "p99 error within 5 ms"),
                (r.Frames.Where(f => f.FrameTime.Seconds - s.OffsetSeconds < s.DurationSeconds - 0.05).All(f => f.Status is AlignmentStatus.Complete),
                    "every window before the end of the recording complete"),
                (r.Events.All(e => e.Kind != StreamEventKind.Missing), "no missing event"));
        }).Check(Quick);
    }

    [Fact]
    public void Lost_stretches_leave_gaps_that_windows_report_while_every_delivered_sample_is_read_once()
    {
        Prop.ForAll(Scenarios(withGaps: true, withDead: false).ToArbitrary(), s =>
        {
            var r = AlignmentSimulation.Run(s);
            var gap = s.Gaps![0];
            var framesInGap = r.Frames.Where(f => (f.FrameTime.Seconds - s.OffsetSeconds) > gap.Start + 0.05
                                               && (f.FrameTime.Seconds - s.OffsetSeconds) < gap.Start + gap.Length - 0.05).ToList();
            return Expect(r,
                (r.ReadBack.SequenceEqual(r.Delivered), "every delivered sample read once, in order"),
                (r.Delivered.Count < s.DurationSeconds * s.SampleRate, "samples were lost"),
                (framesInGap.All(f => !f.Whole), "windows inside the gap report it"),
                (r.Events.Any(e => e.Kind == StreamEventKind.DeviceOverflow), "overflow event"),
                (r.TrueErrorPercentile(99) <= 5_000_000, "p99 error within 5 ms"));
        }).Check(Quick);
    }

    [Fact]
    public void A_dead_stream_is_declared_missing_and_recovered_and_frames_meanwhile_do_not_wait_for_it()
    {
        Prop.ForAll(Scenarios(withGaps: false, withDead: true).ToArbitrary(), s =>
        {
            var r = AlignmentSimulation.Run(s);
            var kinds = r.Events.Select(e => e.Kind).Where(k => k is StreamEventKind.Missing or StreamEventKind.Recovered).ToList();
            var dead = s.Dead!.Value;
            // Frames well inside the dead stretch, after the missing timeout, are handed out as audio-missing.
            var deep = r.Frames.Where(f => (f.FrameTime.Seconds - s.OffsetSeconds) > dead.Start + s.MissingTimeout.TotalSeconds + 0.2
                                        && (f.FrameTime.Seconds - s.OffsetSeconds) < dead.Start + dead.Length - 0.2).ToList();
            return Expect(r,
                (kinds.SequenceEqual([StreamEventKind.Missing, StreamEventKind.Recovered]), "missing then recovered"),
                (deep.Count > 0 && deep.All(f => f.Status == AlignmentStatus.AudioMissing), "frames in the dead stretch are audio-missing"),
                (r.ReadBack.SequenceEqual(r.Delivered), "every delivered sample read once, in order"),
                (r.TrueErrorPercentile(99) <= 5_000_000, "p99 error within 5 ms"));
        }).Check(Quick);
    }
}
