using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Policy;

/// <summary>The policy on sequences of tier-1 observations, with time injected through a manual clock.</summary>
public sealed class EscalationPolicyTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly EscalationPolicy _policy = new(new EscalationOptions());

    private Timestamp Now => Timestamp.Now(_time);

    private static PolicyInput Calm(int faces = 1) => new(Timestamp.FromSeconds(1), Timestamp.FromSeconds(1), faces, false, 0.02f, false, 0.01f, false);

    private EscalationDecision Step(PolicyInput input, TimeSpan after)
    {
        _time.Advance(after);
        var d = _policy.Decide(input, Now);
        if (d.Escalate)
        {
            _policy.Completed(Now, input.Faces);
        }
        return d;
    }

    [Fact]
    public void The_first_frame_escalates_for_startup_and_a_calm_scene_then_stays_cheap_until_the_refresh()
    {
        Assert.Equal(EscalationReason.Startup, Step(Calm(), TimeSpan.Zero).Reason);
        for (var i = 0; i < 14; i++)
        {
            Assert.False(Step(Calm(), TimeSpan.FromSeconds(1)).Escalate);
        }
        Assert.Equal(EscalationReason.Periodic, Step(Calm(), TimeSpan.FromSeconds(1)).Reason);
    }

    [Fact]
    public void A_tier1_confidence_inside_the_band_escalates()
    {
        Step(Calm(), TimeSpan.Zero);
        Assert.Equal(EscalationReason.Uncertain, Step(Calm() with { SpeechProbability = 0.5f }, TimeSpan.FromSeconds(2)).Reason);
        Assert.Equal(EscalationReason.Uncertain, Step(Calm() with { FaceScoreInBand = true }, TimeSpan.FromSeconds(2)).Reason);
    }

    [Fact]
    public void An_object_tier2_could_not_confirm_asks_for_a_second_look_after_the_settle_interval()
    {
        Step(Calm(), TimeSpan.Zero);
        Assert.False(Step(Calm() with { ObjectsUnsure = true }, TimeSpan.FromMilliseconds(300)).Escalate);
        Assert.Equal(EscalationReason.Uncertain, Step(Calm() with { ObjectsUnsure = true }, TimeSpan.FromMilliseconds(100)).Reason);
        Assert.False(Step(Calm() with { SceneDistance = 0.3f }, TimeSpan.FromMilliseconds(400)).Escalate); // settled: the minimum interval again
    }

    [Fact]
    public void A_shot_cut_waits_for_the_settle_interval_at_most_not_the_minimum_interval()
    {
        Step(Calm(), TimeSpan.Zero);
        var cut = Calm() with { SceneDistance = 1f, Cut = true }; // as the engine reports a pending cut
        Assert.False(Step(cut, TimeSpan.FromMilliseconds(200)).Escalate);
        Assert.Equal(EscalationReason.SceneChange, Step(cut, TimeSpan.FromMilliseconds(200)).Reason); // 400 ms after the last look, not 1 s
        Assert.False(Step(Calm() with { SceneDistance = 0.5f }, TimeSpan.FromMilliseconds(400)).Escalate); // a pan goes on: the minimum interval again
    }

    [Fact]
    public void Speech_without_a_face_escalates_once_when_the_disagreement_begins()
    {
        Step(Calm(faces: 0), TimeSpan.Zero);
        var talking = Calm(faces: 0) with { SpeechActive = true, SpeechProbability = 0.95f };
        Assert.Equal(EscalationReason.Disagreement, Step(talking, TimeSpan.FromSeconds(2)).Reason);
        Assert.False(Step(talking, TimeSpan.FromSeconds(2)).Escalate);
    }

    [Fact]
    public void A_changed_view_or_face_count_escalates_but_not_sooner_than_the_minimum_interval()
    {
        Step(Calm(), TimeSpan.Zero);
        Assert.False(Step(Calm() with { SceneDistance = 0.3f }, TimeSpan.FromMilliseconds(500)).Escalate);
        Assert.Equal(EscalationReason.SceneChange, Step(Calm() with { SceneDistance = 0.3f }, TimeSpan.FromMilliseconds(600)).Reason);
        Assert.Equal(EscalationReason.SceneChange, Step(Calm(faces: 2), TimeSpan.FromSeconds(2)).Reason);
    }

    [Fact]
    public void A_user_request_escalates_at_once_even_inside_the_minimum_interval()
    {
        Step(Calm(), TimeSpan.Zero);
        var d = Step(Calm() with { UserRequest = true, SceneDistance = 0.5f }, TimeSpan.FromMilliseconds(100));
        Assert.Equal(EscalationReason.UserRequest, d.Reason);
    }

    [Fact]
    public void A_stream_change_escalates_at_once_as_a_scene_change_even_inside_the_minimum_interval()
    {
        Step(Calm(), TimeSpan.Zero);
        Assert.Equal(EscalationReason.SceneChange, Step(Calm() with { StreamChanged = true }, TimeSpan.FromMilliseconds(100)).Reason);
        Assert.Equal(EscalationReason.SceneChange | EscalationReason.UserRequest,
            Step(Calm() with { StreamChanged = true, UserRequest = true, SpeechProbability = 0.5f }, TimeSpan.FromMilliseconds(100)).Reason);
        Assert.False(Step(Calm(), TimeSpan.FromMilliseconds(100)).Escalate);
    }

    [Fact]
    public void The_always_full_baseline_escalates_every_frame()
    {
        var always = new EscalationPolicy(new EscalationOptions(), alwaysFull: true);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(EscalationReason.AlwaysFull, always.Decide(Calm(), Timestamp.FromSeconds(i)).Reason));
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        Step(Calm(), TimeSpan.Zero);
        var input = Calm() with { SceneDistance = 0.3f };
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _policy.Decide(input, Timestamp.FromSeconds(i));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
