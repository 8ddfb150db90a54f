using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Testing;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Cascade.Tests.Engine;

/// <summary>The real models, the real object detector failing on chosen passes: what the engine does when tier 2 throws.</summary>
public sealed class Tier2FailureTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private const string Astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly Lazy<byte[]> AstronautFrame = new(() => Decoded.Rgb(Astronaut));

    private static ImageView Frame => ImageView.Rgb(AstronautFrame.Value, 640, 480);

    private CascadeEngine Engine(Func<int, bool> fails, ICascadeObserver observer, ILogger logger, int limit = 5) =>
        new(new CascadeOptions { Tier2FailureLimit = limit }, fixture.Loaded.Models with { Objects = new FailingObjectDetector(fixture.Loaded.Models.Objects!, fails) },
            observer, TimeProvider.System, logger);

    [Fact]
    public void A_tier2_pass_that_throws_is_logged_once_with_its_model_and_frame_counted_in_stats_and_the_next_pass_runs()
    {
        var logger = new ListLogger();
        var timeline = new TimelineRecorder();
        using var engine = Engine(call => call == 1, timeline, logger);
        var sampler = new StatsSampler(engine, TimeProvider.System);
        var t0 = Timestamp.Now(TimeProvider.System);

        engine.ProcessFrame(Frame, t0); // start-up escalates, and its pass throws
        Assert.True(engine.WaitIdle(Deadline));
        engine.RequestDescription();
        engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.1)); // the next escalation runs as usual
        Assert.True(engine.WaitIdle(Deadline));

        var failure = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Contains("centernet", failure.Message, StringComparison.Ordinal);
        Assert.Contains(t0.Nanoseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Contains("injected fault", failure.Message, StringComparison.Ordinal);
        Assert.Equal((1L, 1L), (engine.Tier2Failures, engine.FullRuns));
        var tier2 = sampler.Sample().Stages.Single(s => s.Name == "tier2");
        Assert.Equal(1, tier2.Failures);

        var tl = timeline.Snapshot(t0);
        Assert.Equal([(0L, true, false), (1L, false, true)], tl.Decisions.Select(d => (d.Sequence, d.Failed, d.FullLatency is not null)));
        var said = Assert.Single(tl.Descriptions);
        Assert.Equal("user", said.Reason);
        Assert.StartsWith("A person", said.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tier2_that_fails_every_pass_stops_the_fast_path_once_the_limit_is_reached()
    {
        var logger = new ListLogger();
        using var engine = Engine(_ => true, new TimelineRecorder(), logger, limit: 2);
        var t0 = Timestamp.Now(TimeProvider.System);

        engine.ProcessFrame(Frame, t0); // fails once: the fast path goes on
        Assert.True(engine.WaitIdle(Deadline));
        engine.RequestDescription();
        engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.1)); // fails twice: the limit
        Assert.True(engine.WaitIdle(Deadline));

        var e = Assert.Throws<CascadeFailedException>(() => engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.2)));
        Assert.Contains("centernet", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 passes in a row", e.Message, StringComparison.Ordinal);
        Assert.Throws<CascadeFailedException>(() => engine.ProcessAudio(new float[engine.HopSamples], t0, t0 + TimeSpan.FromMilliseconds(32)));
        Assert.Equal(2, engine.Tier2Failures);
        Assert.Equal(2, logger.Lines.Count(l => l.Level == LogLevel.Error));
    }
}
