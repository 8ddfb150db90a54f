using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

/// <summary>The claims metric on hand-made timelines: every kind of verdict, and the recall of spoken objects.</summary>
public sealed class ClaimScoringTests
{
    private static readonly Timestamp Origin = Timestamp.FromSeconds(500);

    /// <summary>
    /// 0–5 s: one person and a cup on a table (acceptable: dining table), a photo reading OPEN, speech 1–3 s;
    /// 5–10 s: one horse; 10–15 s: two people (basketball), speech 11–13 s.
    /// </summary>
    private static GroundTruth Truth()
    {
        TruthObject[] first = [new("person", 1), new("cup", 1)];
        TruthObject[] horse = [new("horse", 1)];
        TruthObject[] players = [new("person", 2), new("sports ball", 1)];
        return new GroundTruth("hand-made", "", 15, 640, 480, 15, 16000, "video.mp4", "audio.wav",
            [
                new TruthShot(0, 5, "coffee-with-person", "static", first, null, ["dining table"], ["OPEN"]),
                new TruthShot(5, 10, "horse", "static", horse, null, [], []),
                new TruthShot(10, 15, "basketball", "static", players, null, [], []),
            ],
            [new TruthSpeech(1, 3, "Hello.", "en-us"), new TruthSpeech(11, 13, "Pass it.", "en-us")],
            [],
            [
                new TruthSpan(0, 1, first, false, null, ["dining table"], ["OPEN"]),
                new TruthSpan(1, 3, first, true, null, ["dining table"], ["OPEN"]),
                new TruthSpan(3, 5, first, false, null, ["dining table"], ["OPEN"]),
                new TruthSpan(5, 10, horse, false, null, [], []),
                new TruthSpan(10, 11, players, false, null, [], []),
                new TruthSpan(11, 13, players, true, null, [], []),
                new TruthSpan(13, 15, players, false, null, [], []),
            ]);
    }

    private static Evidence Detection(string label, float score = 0.6f, string model = "centernet") =>
        new(model, 2, label, score, new Box(0.4f, 0.4f, 0.2f, 0.2f), Origin);

    private static SpokenClaim Said(double seconds, ClaimKind kind, string subject, int count, float score = 0.6f) =>
        new(Origin + TimeSpan.FromSeconds(seconds), new Claim(kind, subject, count, [Detection(kind == ClaimKind.Object ? subject : "text", score)]),
            $"{subject} x{count}", "cut");

    private static ClaimScore Score(params SpokenClaim[] claims) =>
        ClaimScoring.Score(Truth(), new Timeline([], [], [], []) { Claims = claims }, Origin);

    private static Verdict Judge(SpokenClaim claim) => Score(claim).Judged.Single().Verdict;

    [Fact]
    public void A_label_in_view_with_its_count_is_true()
    {
        Assert.Equal(Verdict.True, Judge(Said(2, ClaimKind.Object, "cup", 1)));
        Assert.Equal(Verdict.True, Judge(Said(12, ClaimKind.Object, "person", 2)));
    }

    [Fact]
    public void A_label_not_in_view_is_false_even_when_it_looks_alike()
    {
        var judged = Score(Said(7, ClaimKind.Object, "kite", 7, 0.31f)).Judged.Single();
        Assert.Equal(Verdict.False, judged.Verdict);
        Assert.Contains("no kite", judged.Why, StringComparison.Ordinal);
        Assert.Contains("horse 1", judged.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_count_is_false_three_horses_for_one()
    {
        var judged = Score(Said(7, ClaimKind.Object, "horse", 3)).Judged.Single();
        Assert.Equal(Verdict.False, judged.Verdict);
        Assert.StartsWith("3 said", judged.Why, StringComparison.Ordinal);
        Assert.Equal(Verdict.False, Judge(Said(12, ClaimKind.Object, "person", 1)));
    }

    [Fact]
    public void An_acceptable_label_is_not_false_whatever_its_count()
    {
        Assert.Equal(Verdict.Acceptable, Judge(Said(2, ClaimKind.Object, "dining table", 2)));
        Assert.Equal(Verdict.False, Judge(Said(7, ClaimKind.Object, "dining table", 1))); // only acceptable where annotated
    }

    [Fact]
    public void A_range_of_counts_accepts_every_count_in_it()
    {
        var flock = new TruthObject("bird", 5, 20);
        Assert.True(flock.Fits(5) && flock.Fits(7) && flock.Fits(20));
        Assert.False(flock.Fits(4) || flock.Fits(21));
    }

    [Fact]
    public void Naming_the_speaker_needs_speech_and_exactly_one_person_in_view()
    {
        Assert.Equal(Verdict.True, Judge(Said(2, ClaimKind.Speaking, Claim.SpeakerInView, 1)));
        Assert.Equal(Verdict.False, Judge(Said(4.5, ClaimKind.Speaking, Claim.SpeakerInView, 1)));  // speech ended at 3 s
        Assert.Equal(Verdict.False, Judge(Said(12, ClaimKind.Speaking, Claim.SpeakerInView, 2)));   // which of two?
        Assert.Equal(Verdict.False, Judge(Said(2, ClaimKind.Speaking, Claim.SpeakerNobodyInView, 0))); // a person is in view
        Assert.Equal(Verdict.True, Judge(Said(12, ClaimKind.Speaking, Claim.SpeakerUnseen, 0)));
    }

    [Fact]
    public void At_least_a_count_is_true_up_to_the_most_in_view()
    {
        static SpokenClaim AtLeast(double seconds, string label, int count) => Said(seconds, ClaimKind.Object, label, count) is var c
            ? c with { Claim = c.Claim with { AtLeast = true } }
            : throw new InvalidOperationException();
        Assert.Equal(Verdict.True, Judge(AtLeast(12, "person", 1)));  // "at least one person" of two
        Assert.Equal(Verdict.True, Judge(AtLeast(12, "person", 2)));
        Assert.Equal(Verdict.False, Judge(AtLeast(12, "person", 3)));
        Assert.Equal(Verdict.False, Judge(AtLeast(7, "cow", 1)));
    }

    [Fact]
    public void A_speaker_named_without_evidence_is_counted_whatever_the_verdict()
    {
        var speech = new Evidence("silero-vad", 1, "speech", 0.9f, null, Origin);
        var person = Detection("person");
        var face = new Evidence("blazeface", 1, "face", 0.9f, new Box(0.45f, 0.42f, 0.1f, 0.1f), Origin);
        var mouth = new Evidence(Claim.MouthMotion, 1, Claim.MouthMotion, 0.7f, face.Box, Origin);
        SpokenClaim Named(double seconds, int inView, params Evidence[] evidence) =>
            new(Origin + TimeSpan.FromSeconds(seconds), new Claim(ClaimKind.Speaking, Claim.SpeakerInView, inView, [person, speech, .. evidence]), "named", "cut");
        var score = Score(
            Named(2, 1),                // alone, no face: without evidence (though true: one person, speech)
            Named(2, 1, face),          // alone with the face in view
            Named(12, 2, face),         // two people: a face does not say which one speaks
            Named(12, 2, mouth),        // the mouth moved with the voice
            Said(12, ClaimKind.Speaking, Claim.SpeakerUnseen, 0));
        Assert.Equal([false, true, false, true, true], score.Judged.Select(j => j.Spoken.Claim.HasAttributionEvidence));
        Assert.Equal(2, ClaimScoring.Figures(score, "hand-made").AttributionsWithoutEvidence);
    }

    [Fact]
    public void Text_read_is_true_when_it_is_in_view_with_few_errors()
    {
        Assert.Equal(Verdict.True, Judge(Said(2, ClaimKind.Text, "0PEN", 1)));  // one error in four
        Assert.Equal(Verdict.False, Judge(Said(2, ClaimKind.Text, "CLOSED", 1)));
        Assert.Equal(Verdict.False, Judge(Said(7, ClaimKind.Text, "OPEN", 1)));  // no text in view there
    }

    [Fact]
    public void Figures_count_claims_per_kind_list_false_ones_with_their_detection_and_missed_objects()
    {
        var score = Score(
            Said(2, ClaimKind.Object, "cup", 1),             // true
            Said(2, ClaimKind.Object, "dining table", 1),    // acceptable
            Said(7, ClaimKind.Object, "kite", 7, 0.31f),     // false: not in view
            Said(7, ClaimKind.Object, "horse", 3, 0.42f),    // false: wrong count
            Said(12, ClaimKind.Object, "person", 2),         // true
            Said(12, ClaimKind.Speaking, Claim.SpeakerInView, 2)); // false: no evidence which one speaks
        var f = ClaimScoring.Figures(score, "hand-made");
        Assert.Equal((5L, 2L, 1L), (f.Objects.Claims, f.Objects.False, f.Objects.Acceptable));
        Assert.Equal(0.6, f.Objects.Precision, 6);
        Assert.Equal((1L, 1L), (f.Speaking.Claims, f.Speaking.False));
        Assert.Equal(0, f.Speaking.Precision, 6);
        Assert.Equal((0L, 1.0), (f.Text.Claims, f.Text.Precision));
        Assert.Equal(3, f.FalseClaims!.Count);
        var kite = f.FalseClaims[0];
        Assert.Equal(("hand-made", 7.0, "object", "kite x7"), (kite.Scenario, kite.Seconds, kite.Kind, kite.Claim));
        Assert.Equal(new ClaimDetection("centernet", "kite", 0.31f), kite.Detections.Single());
        // In view 2 s or more: person and cup (0–5), horse (5–10), person and ball (10–15); said: cup, horse, person.
        Assert.Equal((5L, 3L), (f.ObjectsInView, f.ObjectsSaid));
        Assert.Equal(["person", "sports ball"], f.Missed!.Select(m => m.Label).Order());
        Assert.Equal("coffee-with-person", f.Missed!.Single(m => m.Label == "person").Image);
        Assert.Null(ClaimScoring.Figures(score, null).FalseClaims);
    }

    [Fact]
    public void Scores_of_scenarios_add_up()
    {
        var a = Score(Said(2, ClaimKind.Object, "cup", 1));
        var b = Score(Said(7, ClaimKind.Object, "kite", 2));
        var sum = a + b;
        Assert.Equal((2L, 1L, 0L), sum.Of(ClaimKind.Object));
        Assert.Equal(a.InView.Count + b.InView.Count, sum.InView.Count);
    }

    [Theory]
    [InlineData("EXIT", "EXIT", 0)]
    [InlineData("EXIT", "NO EXIT HERE", 0)]
    [InlineData("EXlT", "NO EXIT HERE", 1)]
    [InlineData("ABC", "XYZ", 3)]
    public void Text_is_matched_anywhere_in_the_text_in_view(string read, string text, int errors) =>
        Assert.Equal(errors, ClaimScoring.SubstringDistance(read, text));
}
