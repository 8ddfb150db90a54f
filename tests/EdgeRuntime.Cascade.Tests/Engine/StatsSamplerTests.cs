using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Engine;

/// <summary>
/// The <c>&lt;prefix&gt;/stats</c> figures, sampled from the engine while a generated scenario replays through the real
/// models in lock step on a manual clock: the rates are per interval of that clock, the totals the run's own.
/// </summary>
public sealed class StatsSamplerTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    [Fact]
    public void Rates_cover_the_interval_since_the_last_sample_and_totals_match_the_run()
    {
        var (dir, truth) = TestScenarios.Gates;
        var clock = new ManualTimeProvider();
        var vad = fixture.Loaded.Models.Vad!;
        vad.Reset();
        StatsSampler? sampler = null;
        var samples = new List<(PipelineStats Stats, long Frames, long FullRuns)>();

        ReplayResult Feed(CascadeEngine engine, Func<long> emitted, CancellationToken token) => LockStepReplay.Run(clock, dir, truth, engine,
            afterFrame: frames =>
            {
                if (frames % (2 * truth.Fps) == 0)
                {
                    samples.Add((sampler!.Sample(), frames, engine.FullRuns)); // every 2 s of the recording, tier 2 settled
                }
            });

        var report = CascadeSession.Run(new CascadeOptions(), fixture.Loaded.Models, Feed, sink: null, clock,
            started: engine => sampler = new StatsSampler(engine, clock, () => 3), timeline: new TimelineRecorder());

        Assert.True(samples.Count >= 2, $"{samples.Count} samples");
        // The first sample covers the start (frame 0 at the sampler's creation) to 2 s less one frame period; the others
        // exactly 2 s each, so their frame rate is the recording's.
        for (var i = 1; i < samples.Count; i++)
        {
            var (stats, frames, fullRuns) = samples[i];
            var fast = stats.Stages.Single(s => s.Name == "fast");
            var tier2 = stats.Stages.Single(s => s.Name == "tier2");
            Assert.Equal(truth.Fps, fast.Fps, 6);
            Assert.Equal((fullRuns - samples[i - 1].FullRuns) / 2.0, tier2.Fps, 6);
            Assert.Equal(3, fast.Drops);
            Assert.Equal(0, tier2.Drops); // lock step: nothing waited for a busy tier 2
            Assert.Equal(i * 2 + samples[0].Stats.UptimeSeconds, stats.UptimeSeconds, 6);
        }
        Assert.Contains(samples, s => s.Stats.Stages.Single(t => t.Name == "tier2").Fps > 0);

        // A sample after the run: the totals are the run's.
        var last = sampler!.Sample();
        Assert.Equal(report.Decisions.EscalationRate, last.EscalationRate, 9);
        Assert.InRange(last.EscalationRate, 0.01, 0.5);
        var frameCount = report.Decisions.Frames;
        var alwaysFull = report.FastCompute.TotalSeconds + (frameCount * report.FullCompute.TotalSeconds / report.Tier2Runs.Count);
        Assert.Equal(1 - (report.Compute.TotalSeconds / alwaysFull), last.ComputeSaved, 6);
        Assert.InRange(last.ComputeSaved, 0.05, 0.99);
        Assert.Equal(report.FastLatencyMs[(int)Math.Ceiling(0.5 * report.FastLatencyMs.Length) - 1], last.Stages[0].LatencyP50Ms, 9);
        Assert.True(last.MemoryBytes > 50 << 20, $"{last.MemoryBytes} bytes resident with the models loaded");

        // A second with no frames (a stalled camera) reads as 0 frames per second, not as the run's average.
        clock.Advance(TimeSpan.FromSeconds(1));
        var stalled = sampler.Sample();
        Assert.Equal((0d, 0d), (stalled.Stages[0].Fps, stalled.Stages[1].Fps));
        Assert.Equal(last.UptimeSeconds + 1, stalled.UptimeSeconds, 6);
    }
}
