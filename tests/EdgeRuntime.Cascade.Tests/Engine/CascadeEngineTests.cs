using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Engine;

/// <summary>The engine driven frame by frame with real photos through the real models: what it decides and reports.</summary>
public sealed class CascadeEngineTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private const string Astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private const string Coffee = "/usr/lib/python3/dist-packages/skimage/data/coffee.png";
    private static readonly Lazy<byte[]> AstronautFrame = new(() => Decoded.Rgb(Astronaut));

    private static readonly Lazy<byte[]> CoffeeFrame = new(() => Decoded.Rgb(Coffee));

    private static ImageView Frame => ImageView.Rgb(AstronautFrame.Value, 640, 480);

    private static Timestamp T0 => Timestamp.Now(TimeProvider.System);

    private CascadeEngine Engine(ICascadeObserver observer) => new(new CascadeOptions(), fixture.Loaded.Models, observer, TimeProvider.System);

    [Fact]
    public void A_tier2_decision_reaches_the_observer_once_settled_with_its_full_latency_and_cheap_frames_do_not()
    {
        var timeline = new TimelineRecorder();
        using var engine = Engine(timeline);
        var t0 = T0;

        engine.ProcessFrame(Frame, t0);
        Assert.True(engine.WaitIdle(Deadline));
        for (var i = 1; i < 5; i++)
        {
            engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(i / 15.0)); // the same view inside the minimum interval
        }
        Assert.True(engine.WaitIdle(Deadline));

        var decided = Assert.Single(timeline.Snapshot(t0).Decisions);
        Assert.Equal((0L, 2, EscalationReason.Startup, t0, false, false), (decided.Sequence, decided.Tier, decided.Reason, decided.Frame, decided.Frameless, decided.Superseded));
        var full = Assert.IsType<TimeSpan>(decided.FullLatency);
        Assert.True(full >= decided.Latency, $"full {full} before the decision {decided.Latency}");
        var log = engine.Decisions.Snapshot();
        Assert.Equal(5, log.Count);
        Assert.Equal(decided, log.Records[0]); // the ring holds the settled record
        Assert.All(log.Records[1..], r => Assert.True(r.Tier < 2 && r.FullLatency is null, r.ToString()));
    }

    [Fact]
    public void An_escalation_replaced_while_tier2_is_busy_is_settled_as_superseded_and_frameless_ones_are_recorded()
    {
        using var busy = new BusyWorker();
        var timeline = new TimelineRecorder();
        using var engine = Engine(new CompositeObserver(busy, timeline));
        var t0 = T0;

        engine.ProcessFrame(Frame, t0);
        Assert.True(busy.Entered.Wait(Deadline), "tier 2 reported its first view"); // the worker now waits inside the observer
        engine.SetStreamMissing(SensorStream.Camera, true, t0 + TimeSpan.FromSeconds(0.1));
        engine.SetStreamMissing(SensorStream.Microphone, true, t0 + TimeSpan.FromSeconds(0.2)); // replaces the camera's, still waiting
        busy.Release.Set();
        Assert.True(engine.WaitIdle(Deadline));

        var settled = timeline.Snapshot(t0).Decisions;
        Assert.Equal(
            [(1L, true, true), (0L, false, false), (2L, true, false)],
            settled.Select(d => (d.Sequence, d.Frameless, d.Superseded)));
        Assert.Null(settled[0].FullLatency);
        Assert.All(settled.Skip(1), d => Assert.NotNull(d.FullLatency));
        Assert.Equal(1, engine.Superseded);
        var log = engine.Decisions.Snapshot();
        Assert.Equal((3L, 2L, 1L), (log.Count, log.Frameless, log.Frames));
        Assert.Equal(settled.OrderBy(d => d.Sequence), log.Records);
    }

    [Fact]
    public void A_change_is_described_once_with_what_is_new_and_what_left_and_an_unchanged_view_is_not_described_again()
    {
        var timeline = new TimelineRecorder();
        using var engine = Engine(timeline);
        var t0 = T0;
        var coffee = CoffeeFrame.Value;
        // One second of the astronaut, then a cut to the coffee cup held for 20 s, at 15 fps, tier 2 finishing
        // before the next frame so the run is the same every time.
        for (var i = 0; i < 15 * 21; i++)
        {
            var frame = i < 15 ? AstronautFrame.Value : coffee;
            engine.ProcessFrame(ImageView.Rgb(frame, 640, 480), t0 + TimeSpan.FromSeconds(i / 15.0));
            Assert.True(engine.WaitIdle(Deadline));
        }

        var tl = timeline.Snapshot(t0);
        var said = tl.Descriptions.Select(d => d.Text).ToList();
        Assert.StartsWith("A person", said[0], StringComparison.Ordinal);
        // At the first look after the cut (within the settle interval of the last look at the first view): the face the
        // fast path held through a short absence belonged to the shot before it.
        Assert.Equal("The person is no longer in view.", said[1]);
        Assert.InRange(tl.Descriptions[1].At - t0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + new EscalationOptions().SettleInterval);
        // The cup is weak: the tracker puts it in view after a few looks (an event with its score), but CenterNet scores
        // it below its calibrated speak threshold, so no description says it.
        Assert.Contains(tl.Views, v => v.Labels.Contains("cup"));
        Assert.DoesNotContain(said, d => d.Contains("cup", StringComparison.Ordinal));
        // The table under it is confirmed (its class threshold is lower): said once, as new, and nothing after it, so the
        // later looks (the periodic refresh among them) say nothing.
        Assert.True(said.Count == 3 && said[2].StartsWith("New: at least one table", StringComparison.Ordinal), string.Join(" | ", said));
        var lastSaid = tl.Descriptions[^1].At;
        Assert.Contains(engine.Decisions.Snapshot().Records, r => r.Tier == 2 && r.Frame > lastSaid && (r.Reason & EscalationReason.Periodic) != 0);
    }

    [Fact]
    public void A_user_request_waiting_for_a_busy_tier2_survives_a_newer_escalation_replacing_it()
    {
        using var busy = new BusyWorker();
        var timeline = new TimelineRecorder();
        using var engine = Engine(new CompositeObserver(busy, timeline));
        var t0 = T0;

        engine.ProcessFrame(Frame, t0);
        Assert.True(busy.Entered.Wait(Deadline), "tier 2 reported its first view");
        engine.RequestDescription();
        engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.1)); // the request escalates, and waits
        engine.SetStreamMissing(SensorStream.Microphone, true, t0 + TimeSpan.FromSeconds(0.15));
        engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.2)); // an automatic escalation replaces the waiting one
        busy.Release.Set();
        Assert.True(engine.WaitIdle(Deadline));

        var settled = timeline.Snapshot(t0).Decisions;
        Assert.Equal(
            [(1L, EscalationReason.UserRequest, true), (0L, EscalationReason.Startup, false), (2L, EscalationReason.SceneChange | EscalationReason.UserRequest, false)],
            settled.Select(d => (d.Sequence, d.Reason, d.Superseded)));
        Assert.Equal("user", timeline.Snapshot(t0).Descriptions[^1].Reason); // the press was answered
    }

    [Fact]
    public void A_user_request_while_the_camera_is_missing_is_described_at_once_without_a_frame()
    {
        var timeline = new TimelineRecorder();
        using var engine = Engine(timeline);
        var t0 = T0;
        engine.ProcessFrame(Frame, t0);
        engine.SetStreamMissing(SensorStream.Camera, true, t0 + TimeSpan.FromSeconds(0.1));
        Assert.True(engine.WaitIdle(Deadline));
        var before = engine.Decisions.Count;

        engine.RequestDescription(); // and no frame follows
        Assert.True(engine.WaitIdle(Deadline));

        var record = Assert.Single(engine.Decisions.Snapshot().Records, r => r.Sequence == before);
        Assert.Equal((2, EscalationReason.UserRequest, true), (record.Tier, record.Reason, record.Frameless));
        Assert.NotNull(record.FullLatency);
        var tl = timeline.Snapshot(t0);
        Assert.Equal(record, tl.Decisions[^1]);
        var said = tl.Descriptions[^1];
        Assert.Equal("user", said.Reason);
        Assert.StartsWith("The camera is unavailable; I can only listen.", said.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("person", said.Text, StringComparison.Ordinal); // what the camera saw last is not what is there now
    }

    [Fact]
    public void A_lost_microphone_is_described_on_the_next_frame_with_what_the_camera_sees()
    {
        var timeline = new TimelineRecorder();
        using var engine = Engine(timeline);
        var t0 = T0;
        engine.ProcessFrame(Frame, t0);
        Assert.True(engine.WaitIdle(Deadline));

        engine.SetStreamMissing(SensorStream.Microphone, true, t0 + TimeSpan.FromSeconds(0.1));
        engine.SetStreamMissing(SensorStream.Microphone, true, t0 + TimeSpan.FromSeconds(0.15)); // a repeat changes nothing
        Assert.True(engine.WaitIdle(Deadline));
        Assert.Equal(1, engine.Decisions.Count); // no frameless pass: the camera works
        engine.ProcessFrame(Frame, t0 + TimeSpan.FromSeconds(0.2)); // inside the minimum interval, and it escalates
        Assert.True(engine.WaitIdle(Deadline));

        var record = engine.Decisions.Snapshot().Records[^1];
        Assert.Equal((2, EscalationReason.SceneChange, false), (record.Tier, record.Reason, record.Frameless));
        var said = timeline.Snapshot(t0).Descriptions[^1];
        Assert.StartsWith("The microphone is unavailable; I can only see. A person", said.Text, StringComparison.Ordinal);
    }
}
