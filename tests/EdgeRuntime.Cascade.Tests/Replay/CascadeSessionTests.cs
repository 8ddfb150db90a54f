using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Replay;

/// <summary>What a run keeps: an evaluated run records its timeline, any other (a daemon's) keeps nothing per pass.</summary>
public sealed class CascadeSessionTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private const string Astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
    private static readonly Lazy<byte[]> AstronautFrame = new(() => Decoded.Rgb(Astronaut));

    // Three frames, each with a user request, so each runs tier 2.
    private static ReplayResult ThreeRequests(CascadeEngine engine, Func<long> emitted, CancellationToken token)
    {
        var t0 = Timestamp.Now(TimeProvider.System);
        for (var i = 0; i < 3; i++)
        {
            engine.RequestDescription();
            engine.ProcessFrame(ImageView.Rgb(AstronautFrame.Value, 640, 480), t0 + TimeSpan.FromSeconds(i / 15.0));
            Assert.True(engine.WaitIdle(TimeSpan.FromSeconds(60)));
        }
        return new ReplayResult(t0, 3, 0, 0, 0.2, 0.2, 0, 0, 0);
    }

    [Fact]
    public void A_run_that_is_not_evaluated_keeps_no_timeline_and_an_evaluated_one_lists_every_tier2_pass()
    {
        var plain = CascadeSession.Run(new CascadeOptions(), fixture.Loaded.Models, ThreeRequests, sink: null, TimeProvider.System);
        var evaluated = CascadeSession.Run(new CascadeOptions(), fixture.Loaded.Models, ThreeRequests, sink: null, TimeProvider.System,
            timeline: new TimelineRecorder());

        Assert.Equal((3L, 3L), (plain.Decisions.EscalatedFrames, evaluated.Decisions.EscalatedFrames));
        Assert.Equal((0, 0, 0, 0), (plain.Timeline.Views.Count, plain.Timeline.Descriptions.Count, plain.Timeline.Decisions.Count, plain.Tier2Runs.Count));
        Assert.Equal((3, 3), (evaluated.Timeline.Views.Count, evaluated.Timeline.Decisions.Count));
        Assert.Equal(3, evaluated.Tier2Runs.Count);
        Assert.Equal([0.0, 1 / 15.0, 2 / 15.0], evaluated.Tier2Runs.Select(r => Math.Round(r.Second, 6)), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(evaluated.Tier2Runs, r => Assert.True(r.ComputeMs > 0));
        Assert.Equal(evaluated.FullCompute.TotalMilliseconds, evaluated.Tier2Runs.Sum(r => r.ComputeMs), 3);
    }
}
