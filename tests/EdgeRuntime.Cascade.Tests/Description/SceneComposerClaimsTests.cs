using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Description;

/// <summary>The composer hands over the facts it rendered, so the claims metric does not re-read English.</summary>
public sealed class SceneComposerClaimsTests
{
    private static readonly Timestamp T = Timestamp.FromSeconds(3);
    private readonly SceneComposer _composer = new();

    private static Evidence Obj(string label, float x, float w, float score = 0.7f) => new("centernet", 2, label, score, new Box(x, 0.2f, w, 0.4f), T);

    private static readonly Evidence Speech = new("silero-vad", 1, "speech", 0.9f, null, T);

    [Fact]
    public void Every_clause_states_the_label_count_speaker_and_text_it_says_with_its_detections()
    {
        var left = Obj("person", 0.05f, 0.3f);
        var right = Obj("person", 0.7f, 0.2f);
        var horses = new[] { Obj("horse", 0.4f, 0.1f, 0.9f), Obj("horse", 0.6f, 0.05f, 0.85f), Obj("horse", 0.2f, 0.04f, 0.8f) };
        var sign = new Evidence("ppocr", 2, "text", 0.8f, new Box(0.4f, 0.1f, 0.2f, 0.1f), T, "EXIT");
        var mouth = new Evidence(Claim.MouthMotion, 1, Claim.MouthMotion, 0.8f, new Box(0.75f, 0.25f, 0.1f, 0.1f), T);
        var d = _composer.Compose(new SceneState(T, [left, right, .. horses], Speech, right, [sign], SpeakerEvidence: mouth));

        Assert.Equal("Two people; the one on the right is speaking. Three horses, the nearest ahead. A sign reads EXIT.", d.Text);
        var claims = d.Clauses.SelectMany(c => c.Claims).ToList();
        Assert.Equal(
            [(ClaimKind.Object, "person", 2), (ClaimKind.Speaking, Claim.SpeakerInView, 2), (ClaimKind.Object, "horse", 3), (ClaimKind.Text, "EXIT", 1)],
            claims.Select(c => (c.Kind, c.Subject, c.Count)));
        Assert.Equal([right, Speech, mouth], claims[1].Evidence);
        Assert.True(claims[1].HasAttributionEvidence);
        Assert.Equal(horses, claims[2].Evidence); // largest first, as the composer orders a group
        Assert.Equal([sign], claims[3].Evidence);
    }

    [Fact]
    public void Speech_without_anyone_in_view_claims_nobody_in_view_and_a_departure_claims_nothing()
    {
        var cup = Obj("cup", 0.7f, 0.1f);
        var d = _composer.Compose(new SceneState(T, [], Speech, null, []), new SceneState(T, [cup], null, null, []));
        Assert.Equal("Someone is speaking, but nobody is in view. The cup is no longer in view.", d.Text);
        Assert.Equal((ClaimKind.Speaking, Claim.SpeakerNobodyInView), (d.Clauses[0].Claims.Single().Kind, d.Clauses[0].Claims.Single().Subject));
        Assert.Empty(d.Clauses[1].Claims);
    }
}
