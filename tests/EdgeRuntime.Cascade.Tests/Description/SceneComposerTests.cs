using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Description;

public sealed class SceneComposerTests
{
    private static readonly Timestamp T = Timestamp.FromSeconds(12);
    private readonly SceneComposer _composer = new();

    private static Evidence Obj(string label, float x, float y, float w, float h, float score = 0.8f) =>
        new("centernet", 2, label, score, new Box(x, y, w, h), T);

    private static readonly Evidence Speech = new("silero-vad", 1, "speech", 0.93f, null, T);

    /// <summary>The face of the person at 0.36..0.66 (in view: what ties the voice to the one person in view).</summary>
    private static readonly Evidence Face = new("blazeface", 1, "face", 0.9f, new Box(0.45f, 0.12f, 0.12f, 0.15f), T);

    private static SceneState Speaking(IReadOnlyList<Evidence> objects, Evidence speaker, IReadOnlyList<Evidence> text) =>
        new(T, objects, Speech, speaker, text, Faces: [Face], SpeakerEvidence: Face);

    [Fact]
    public void A_speaking_person_ahead_a_cup_on_the_right_and_a_sign_make_the_issue_example()
    {
        var person = Obj("person", 0.36f, 0.1f, 0.3f, 0.8f);
        var cup = Obj("cup", 0.8f, 0.6f, 0.12f, 0.15f);
        var sign = new Evidence("ppocr", 2, "text", 0.9f, new Box(0.4f, 0.1f, 0.2f, 0.1f), T, "EXIT");
        var d = _composer.Compose(Speaking([person, cup], person, [sign]));
        Assert.Equal("A person ahead is speaking. A cup on the right. A sign reads EXIT.", d.Text);
        Assert.Equal([person, Speech, Face], d.Clauses[0].Evidence);
        Assert.Equal([cup], d.Clauses[1].Evidence);
        Assert.Equal([sign], d.Clauses[2].Evidence);
    }

    [Fact]
    public void Counts_plurals_and_near_far_come_from_the_boxes()
    {
        var d = _composer.Compose(new SceneState(T,
        [
            Obj("person", 0.0f, 0.0f, 0.2f, 0.9f), Obj("person", 0.7f, 0.3f, 0.1f, 0.2f),
            Obj("sports ball", 0.5f, 0.8f, 0.05f, 0.05f), Obj("orange", 0.4f, 0.2f, 0.6f, 0.7f),
            Obj("orange", 0.1f, 0.1f, 0.2f, 0.2f),
        ], null, null, []));
        Assert.Equal("Two people, the nearest on the left. Two oranges, the nearest on the right, close by. A ball ahead, far away.", d.Text);
    }

    [Fact]
    public void Speech_with_nobody_in_view_is_said_as_such()
    {
        var d = _composer.Compose(new SceneState(T, [Obj("cat", 0.3f, 0.2f, 0.4f, 0.5f)], Speech, null, []));
        Assert.Equal("Someone is speaking, but nobody is in view. A cat ahead.", d.Text);
        Assert.Equal([Speech], d.Clauses[0].Evidence);
    }

    [Fact]
    public void What_left_the_view_since_the_last_description_is_said_with_the_old_detection_as_evidence()
    {
        var cup = Obj("cup", 0.8f, 0.6f, 0.12f, 0.15f);
        var cat = Obj("cat", 0.3f, 0.2f, 0.4f, 0.5f);
        var d = _composer.Compose(new SceneState(T, [cat], null, null, []), new SceneState(T, [cup], null, null, []));
        Assert.Equal("New: a cat ahead. The cup is no longer in view.", d.Text);
        Assert.Equal([cat], d.Clauses[0].Evidence);
        Assert.Equal([cup], d.Clauses[1].Evidence);
    }

    [Fact]
    public void What_came_into_view_since_the_last_description_is_said_as_new_and_what_stayed_is_not()
    {
        var person = Obj("person", 0.36f, 0.1f, 0.3f, 0.8f);
        var cup = Obj("cup", 0.8f, 0.6f, 0.12f, 0.15f);
        var exit = new Evidence("ppocr", 2, "text", 0.95f, new Box(0.4f, 0.1f, 0.2f, 0.1f), T, "EXIT");
        var stop = exit with { Text = "STOP" };
        var before = new SceneState(T, [cup], null, null, [exit]);

        var d = _composer.Compose(Speaking([person, cup], person, [exit, stop]), before);

        Assert.Equal("New: a person ahead is speaking. A cup on the right. A sign reads EXIT. New: a sign reads STOP.", d.Text);
        Assert.Equal([person, Speech, Face], d.Clauses[0].Evidence);
        Assert.Equal([stop], d.Clauses[3].Evidence);
        Assert.Equal("A person ahead is speaking. A cup on the right. A sign reads EXIT. A sign reads STOP.",
            _composer.Compose(Speaking([person, cup], person, [exit, stop])).Text); // a first description has nothing to compare
        Assert.DoesNotContain("New:", _composer.Compose(Speaking([person], person, []), new SceneState(T, [person], null, null, [])).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_camera_is_said_first_and_speech_is_still_reported()
    {
        var camera = new Evidence("camera", 0, "missing", 1, null, T);
        var d = _composer.Compose(new SceneState(T, [], Speech, null, [], CameraMissing: camera));
        Assert.Equal("The camera is unavailable; I can only listen.", d.Clauses[0].Text);
        Assert.Equal([camera], d.Clauses[0].Evidence);
    }

    [Fact]
    public void Nothing_is_said_when_nothing_was_detected()
    {
        var d = _composer.Compose(new SceneState(T, [], null, null, []));
        Assert.True(d.IsEmpty);
        Assert.Equal("", d.Text);
    }

    [Fact]
    public void Every_clause_of_many_random_scenes_rests_on_detections_from_its_own_input()
    {
        var random = new Random(7);
        var labels = new[] { "person", "cup", "cat", "dog", "car", "orange", "sports ball", "motorcycle" };
        for (var n = 0; n < 500; n++)
        {
            var objects = Enumerable.Range(0, random.Next(6)).Select(_ =>
            {
                float w = 0.02f + (float)random.NextDouble() * 0.6f, h = 0.02f + (float)random.NextDouble() * 0.6f;
                return Obj(labels[random.Next(labels.Length)], (float)random.NextDouble() * (1 - w), (float)random.NextDouble() * (1 - h), w, h);
            }).ToList();
            var speech = random.Next(2) == 0 ? Speech : null;
            var speaker = speech is not null && objects.FirstOrDefault(o => o.Label == "person") is { } p && random.Next(2) == 0 ? p : null;
            var text = random.Next(4) == 0 ? new List<Evidence> { new("ppocr", 2, "text", 0.7f, new Box(0, 0, 0.1f, 0.1f), T, "OPEN") } : [];
            var previous = random.Next(2) == 0 ? new SceneState(T, [Obj(labels[random.Next(labels.Length)], 0.1f, 0.1f, 0.2f, 0.2f)], null, null, []) : null;
            var state = new SceneState(T, objects, speech, speaker, text);
            var d = _composer.Compose(state, previous);

            var inputs = objects.Concat(text).Concat(previous?.Objects ?? []).Append(Speech).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var clause in d.Clauses)
            {
                Assert.NotEmpty(clause.Evidence);
                Assert.All(clause.Evidence, e => Assert.Contains(e, inputs));
                foreach (var label in labels.Where(l => l != "person"))
                {
                    var said = DescriptionTemplates.Default.Name(label);
                    if (clause.Text.Contains(said, StringComparison.OrdinalIgnoreCase))
                    {
                        Assert.Contains(clause.Evidence, e => e.Label == label);
                    }
                }
                if (clause.Text.Contains("speaking", StringComparison.Ordinal))
                {
                    Assert.Contains(Speech, clause.Evidence);
                }
            }
        }
    }

    [Fact]
    public void Every_template_in_the_resource_file_renders_without_unfilled_placeholders()
    {
        var values = new[] { ("position", "ahead"), ("count", "two"), ("article", "a"), ("label", "cup"), ("plural", "cups"), ("text", "EXIT"), ("clause", "a cup ahead."), ("noun", "cups") };
        foreach (var key in DescriptionTemplates.Default.ClauseKeys)
        {
            var text = DescriptionTemplates.Fill(DescriptionTemplates.Default.Clause(key), values);
            Assert.True(char.IsUpper(text[0]) && text.EndsWith('.'), $"{key}: {text}");
        }
    }

    [Fact]
    public void The_gist_ignores_positions_and_counts_within_a_band_but_not_what_came_went_spoke_or_was_read()
    {
        static List<Evidence> Kites(int n, float x) => Enumerable.Range(0, n).Select(i => Obj("kite", x, 0.05f * i, 0.05f, 0.05f)).ToList();
        var person = Obj("person", 0.36f, 0.1f, 0.3f, 0.8f);
        var exit = new Evidence("ppocr", 2, "text", 0.95f, new Box(0.4f, 0.1f, 0.2f, 0.1f), T, "EXIT");
        string Gist(IReadOnlyList<Evidence> objects, Evidence? speech = null, Evidence? speaker = null, params Evidence[] text) =>
            _composer.Gist(new SceneState(T, objects, speech, speaker, text, Faces: [Face], SpeakerEvidence: speaker is null ? null : Face));

        var six = Gist([person, .. Kites(6, 0.1f)]);
        Assert.Equal(six, Gist([person with { Box = new Box(0.0f, 0.1f, 0.3f, 0.8f) }, .. Kites(7, 0.7f)])); // six or seven kites, moved
        Assert.NotEqual(six, Gist([person, .. Kites(4, 0.1f)])); // five or more, then three or four
        Assert.NotEqual(Gist(Kites(1, 0.1f)), Gist(Kites(2, 0.1f)));
        Assert.NotEqual(Gist(Kites(2, 0.1f)), Gist(Kites(3, 0.1f)));
        Assert.Equal(Gist(Kites(3, 0.1f)), Gist(Kites(4, 0.9f)));
        Assert.NotEqual(six, Gist(Kites(6, 0.1f))); // the person left
        Assert.NotEqual(six, Gist([person, .. Kites(6, 0.1f), Obj("cup", 0.8f, 0.6f, 0.12f, 0.15f)]));
        Assert.NotEqual(six, Gist([person, .. Kites(6, 0.1f)], Speech, person));
        Assert.NotEqual(Gist([person], Speech, person), Gist([person], Speech, null)); // the speaker in view, or not
        Assert.NotEqual(six, Gist([person, .. Kites(6, 0.1f)], null, null, exit));
        Assert.NotEqual(Gist([], null, null, exit), Gist([], null, null, exit with { Text = "STOP" }));
        Assert.NotEqual(six, _composer.Gist(new SceneState(T, [person, .. Kites(6, 0.1f)], null, null, [], MicrophoneMissing: Speech)));
    }
}
