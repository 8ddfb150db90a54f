using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Description;

/// <summary>
/// The composer says a label only at or above its confirmation rule (the shipped, catalog-calibrated thresholds), counts
/// only confirmed boxes, and names a speaker only with evidence; on random scenes and on a real photo through the real
/// CenterNet and BlazeFace.
/// </summary>
public sealed class SpeakRuleTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private static readonly Timestamp T = Timestamp.FromSeconds(5);
    private static readonly Evidence Speech = new("silero-vad", 1, "speech", 0.9f, null, T);
    private static readonly SpeakThresholds Shipped = SpeakThresholds.Default;
    private readonly SceneComposer _composer = new();

    private static Evidence Obj(string label, float score, float x, float w = 0.2f) => new("centernet", 2, label, score, new Box(x, 0.2f, w, 0.4f), T);

    /// <summary>Every object claim rests only on boxes the rule confirms, and every label with no confirmed box goes unsaid.</summary>
    private static void AssertSaysOnlyConfirmed(ComposedDescription d, SceneState state)
    {
        var claims = d.Clauses.SelectMany(c => c.Claims).Where(c => c.Kind == ClaimKind.Object).ToList();
        foreach (var claim in claims)
        {
            Assert.All(claim.Evidence, e => Assert.True(SpeakRule.Confirmed(e, state.Faces, Shipped),
                $"\"{d.Text}\" says {claim.Subject} on {e.Model} {e.Label} {e.Score:0.00} below its threshold {Shipped.For(e.Label):0.00}"));
            Assert.Equal(claim.Evidence.Count, claim.Count);
        }
        foreach (var label in state.Objects.Select(o => o.Label).Distinct())
        {
            if (!state.Objects.Any(o => o.Label == label && SpeakRule.Confirmed(o, state.Faces, Shipped)))
            {
                Assert.DoesNotContain(claims, c => c.Subject == label);
            }
        }
    }

    [Fact]
    public void The_composer_never_says_a_label_or_counts_a_box_below_its_confirmation_rule_on_random_scenes()
    {
        var random = new Random(19);
        string[] labels = ["person", "cup", "remote", "sports ball", "clock", "dog", "horse", "kite"];
        var weakSeen = 0;
        for (var scene = 0; scene < 500; scene++)
        {
            var objects = Enumerable.Range(0, random.Next(0, 7))
                .Select(_ => Obj(labels[random.Next(labels.Length)], 0.3f + 0.7f * random.NextSingle(), random.NextSingle() * 0.8f, 0.05f + 0.2f * random.NextSingle()))
                .ToList();
            weakSeen += objects.Count(o => o.Score < Shipped.For(o.Label));
            var state = new SceneState(T, objects, random.Next(2) == 0 ? Speech : null, null, []);
            AssertSaysOnlyConfirmed(_composer.Compose(state), state);
        }
        Assert.True(weakSeen > 100, "the scenes must hold weak detections for the rule to hold back");
    }

    [Fact]
    public void A_weak_box_beside_confirmed_ones_makes_the_count_a_lower_bound_and_a_weak_label_alone_is_not_said()
    {
        var strong = Obj("person", 0.8f, 0.1f);
        var weak = Obj("person", Shipped.For("person") - 0.05f, 0.6f);
        var remote = Obj("remote", Shipped.For("remote") - 0.01f, 0.4f, 0.05f);
        var d = _composer.Compose(new SceneState(T, [strong, weak, remote], null, null, []));
        Assert.Equal("At least one person, the nearest on the left.", d.Text);
        var claim = d.Clauses.Single().Claims.Single();
        Assert.True(claim.AtLeast);
        Assert.Equal([strong], claim.Evidence);

        // A recent look that found two people while this one finds one: one is only a lower bound, and the one person
        // "alone in view" is not named as the speaker on their face.
        var face0 = new Evidence("blazeface", 1, "face", 0.9f, new Box(0.15f, 0.25f, 0.1f, 0.1f), T);
        var recent = new Dictionary<string, int> { ["person"] = 2 };
        Assert.Equal("At least one person, the nearest on the left. Someone is speaking.",
            _composer.Compose(new SceneState(T, [strong], Speech, strong, [], Faces: [face0], SpeakerEvidence: face0, MostSeen: recent)).Text);

        // A confirmed face inside the weak person box is a second look that confirms it: two people, exactly.
        var face = new Evidence("blazeface", 1, "face", 0.9f, new Box(0.65f, 0.25f, 0.1f, 0.1f), T);
        Assert.StartsWith("Two people", _composer.Compose(new SceneState(T, [strong, weak], null, null, [], Faces: [face])).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_two_people_and_a_voice_nobody_is_named_without_mouth_motion_and_one_person_only_with_their_face()
    {
        var left = Obj("person", 0.8f, 0.05f, 0.3f);
        var right = Obj("person", 0.8f, 0.7f);
        var d = _composer.Compose(new SceneState(T, [left, right], Speech, right, []));
        Assert.Equal("Two people, the nearest on the left. Someone is speaking.", d.Text);
        Assert.DoesNotContain(d.Clauses.SelectMany(c => c.Claims), c => c.Subject == Claim.SpeakerInView);

        // A face in view is not evidence of which of two speaks.
        var face = new Evidence("blazeface", 1, "face", 0.9f, new Box(0.75f, 0.25f, 0.1f, 0.1f), T);
        Assert.Equal(d.Text, _composer.Compose(new SceneState(T, [left, right], Speech, right, [], Faces: [face], SpeakerEvidence: face)).Text);

        var mouth = new Evidence(Claim.MouthMotion, 1, Claim.MouthMotion, 0.7f, face.Box, T);
        var named = _composer.Compose(new SceneState(T, [left, right], Speech, right, [], Faces: [face], SpeakerEvidence: mouth));
        Assert.Equal("Two people; the one on the right is speaking.", named.Text);
        var attribution = named.Clauses.SelectMany(c => c.Claims).Single(c => c.Subject == Claim.SpeakerInView);
        Assert.Contains(mouth, attribution.Evidence);
        Assert.True(attribution.HasAttributionEvidence);

        // One person: named while their face is in view, otherwise only "someone is speaking".
        Assert.Equal("A person on the right. Someone is speaking.", _composer.Compose(new SceneState(T, [right], Speech, right, [])).Text);
        Assert.Equal("A person on the right is speaking.", _composer.Compose(new SceneState(T, [right], Speech, right, [], Faces: [face], SpeakerEvidence: face)).Text);
    }

    [Fact]
    public void Nobody_in_view_is_said_only_when_nothing_suggests_a_person()
    {
        Assert.Equal("Someone is speaking, but nobody is in view.", _composer.Compose(new SceneState(T, [], Speech, null, [])).Text);
        Assert.Equal("Someone is speaking.", _composer.Compose(new SceneState(T, [], Speech, null, [], NewView: true)).Text); // too few looks yet
        var weakPerson = Obj("person", 0.31f, 0.3f);
        var d = _composer.Compose(new SceneState(T, [weakPerson], Speech, null, []));
        Assert.Equal("Someone is speaking.", d.Text);
        Assert.Equal(Claim.SpeakerUnseen, d.Clauses.Single().Claims.Single().Subject);
    }

    [Fact]
    public void On_a_real_photo_the_weak_detections_centernet_reports_are_published_but_not_said()
    {
        var detector = fixture.Loaded.Models.Objects!;
        var found = new Detection[64];
        var view = ImageView.Rgb(Decoded.Rgb("/usr/share/doc/opencv-doc/examples/data/basketball1.png"), 640, 480);
        var n = detector.Detect(view, found);
        var objects = found[..n].Select(f => new Evidence(detector.Name, 2, detector.Labels[f.Label], f.Score, f.Box, T)).ToList();
        Assert.Contains(objects, o => o.Score < Shipped.For(o.Label)); // the photo holds weak detections for the rule to hold back
        var state = new SceneState(T, objects, Speech, null, []);
        var d = _composer.Compose(state);
        AssertSaysOnlyConfirmed(d, state);
        Assert.DoesNotContain(d.Clauses.SelectMany(c => c.Claims), c => c.Subject == Claim.SpeakerInView);
    }
}
