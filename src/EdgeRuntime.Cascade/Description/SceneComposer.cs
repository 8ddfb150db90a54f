using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Description;

/// <summary>
/// Turns a <see cref="SceneState"/> into short English sentences for a blind or low-vision listener: stream problems
/// first, then people and who is speaking, then other objects by label (count, position left/ahead/right from the
/// box centre, near/far from the box size), text read, and what changed since the previous description: what is new
/// is said as such ("New: a cup on the right.") and what left the view is named. Only confirmed detections are said
/// (<see cref="SpeakRule"/>; with <paramref name="thresholds"/> null, every detection), a count that is not sure is said
/// as a lower bound ("At least two people"), and a person is named as the speaker only with evidence that ties the voice
/// to them (<see cref="SceneState.SpeakerEvidence"/>); otherwise "Someone is speaking". Every clause carries the
/// detections it was made from; a fact without a detection is never said. Each clause also carries the facts it states
/// as <see cref="Claim"/>s (label and count, who speaks, text read), so what was said is scored without re-reading English.
/// </summary>
public sealed class SceneComposer(DescriptionTemplates templates, SpeakThresholds? thresholds, int maxObjectLabels = 4)
{
    /// <summary>Box area (fraction of the frame) from which a thing is "close by".</summary>
    public const float NearArea = 0.25f;

    /// <summary>Box area below which a thing is "far away".</summary>
    public const float FarArea = 0.015f;

    /// <summary>Composer with the shipped templates and the shipped (catalog-calibrated) speak thresholds.</summary>
    public SceneComposer()
        : this(DescriptionTemplates.Default, SpeakThresholds.Default)
    {
    }

    /// <summary>
    /// Describes <paramref name="state"/>; <paramref name="previous"/> (the state of the last description given) adds
    /// what changed since: people, objects and text that were not there are marked new, and what is gone is named.
    /// </summary>
    public ComposedDescription Compose(SceneState state, SceneState? previous = null)
    {
        var clauses = new List<Clause>();
        var compare = previous is not null && state.CameraMissing is null; // a listener without a camera hears no changes in view
        var said = previous is null ? [] : Spoken(previous).Select(g => g.Label).ToHashSet(StringComparer.Ordinal);
        bool IsNew(string label) => compare && !said.Contains(label);
        if (state.CameraMissing is { } camera)
        {
            clauses.Add(new Clause(Say("camera.missing"), [camera]));
        }
        if (state.MicrophoneMissing is { } microphone)
        {
            clauses.Add(new Clause(Say("microphone.missing"), [microphone]));
        }

        var groups = Spoken(state);
        var peopleGroup = groups.FirstOrDefault(g => g.Label == "person");
        var people = peopleGroup?.Boxes ?? [];
        var (speaker, tie) = Attributed(state, peopleGroup);
        if (peopleGroup is not null)
        {
            var focus = speaker ?? people[0];
            var position = Position(focus.Box!.Value);
            var evidence = new List<Evidence>(people);
            if (speaker is not null)
            {
                evidence.Add(state.Speech!);
                evidence.Add(tie!);
            }
            var key = (peopleGroup.AtLeast ? "person.atleast" : people.Count == 1 ? "person.one" : "person.many") + (speaker is not null ? ".speaking" : "");
            if (speaker is not null && people.Count == 1 && !peopleGroup.AtLeast && position.Contains(',', StringComparison.Ordinal))
            {
                position += ","; // "A person slightly left, close by, is speaking."
            }
            var count = new Claim(ClaimKind.Object, "person", people.Count, people) { AtLeast = peopleGroup.AtLeast };
            clauses.Add(new Clause(New(Say(key, ("position", position), ("count", templates.Number(people.Count)), ("noun", Noun("person", people.Count))), IsNew("person")), evidence)
            {
                Claims = speaker is null ? [count] : [count, new Claim(ClaimKind.Speaking, Claim.SpeakerInView, people.Count, [speaker, state.Speech!, tie!])],
            });
        }
        if (state.Speech is { } speech && speaker is null)
        {
            // "Nobody is in view" only when nothing at all suggests a person (not even a weak box or a face) and the view
            // has had its looks (one look at a new view misses people the next finds); without a camera nobody can be "in
            // view" either way; with people in view and nothing tying the voice to one of them, only that someone speaks.
            var nobody = state.CameraMissing is null && !state.NewView && peopleGroup is null && !state.Objects.Any(o => o.Label == "person") && state.Faces.Count == 0;
            clauses.Add(new Clause(Say(nobody ? "speech.offscreen" : "speech.heard"), [speech])
            {
                Claims = [new Claim(ClaimKind.Speaking, nobody ? Claim.SpeakerNobodyInView : Claim.SpeakerUnseen, people.Count, [speech])],
            });
        }

        foreach (var group in ObjectGroups(groups))
        {
            var label = group.Label;
            var boxes = group.Boxes;
            var position = Position(boxes[0].Box!.Value);
            var text = group.AtLeast
                ? Say("object.atleast", ("count", templates.Number(boxes.Count)), ("noun", Noun(label, boxes.Count)), ("position", position))
                : boxes.Count == 1
                    ? Say("object.one", ("article", Article(templates.Name(label))), ("label", templates.Name(label)), ("position", position))
                    : Say("object.many", ("count", templates.Number(boxes.Count)), ("plural", templates.Plural(label)), ("position", position));
            clauses.Add(new Clause(New(text, IsNew(label)), boxes) { Claims = [new Claim(ClaimKind.Object, label, boxes.Count, boxes) { AtLeast = group.AtLeast }] });
        }

        foreach (var line in state.Text.Where(t => !string.IsNullOrWhiteSpace(t.Text)))
        {
            var read = line.Text!.Trim();
            var seen = compare && previous!.Text.Any(t => string.Equals(t.Text?.Trim(), read, StringComparison.Ordinal));
            clauses.Add(new Clause(New(Say("text", ("text", read)), compare && !seen), [line]) { Claims = [new Claim(ClaimKind.Text, read, 1, [line])] });
        }

        if (compare && previous is not null)
        {
            // What was said and is not in view any more (a label still in view, only weaker now, has not left).
            var now = state.Objects.Select(o => o.Label).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in Spoken(previous).Where(g => !now.Contains(g.Label)))
            {
                var text = gone.Label == "person" ? Say("gone.person") : Say("gone", ("label", templates.Name(gone.Label)));
                clauses.Add(new Clause(text, gone.Boxes));
            }
        }
        return new ComposedDescription(string.Join(' ', clauses.Select(c => c.Text)), clauses, state.Timestamp);
    }

    /// <summary>
    /// The labels a description may say, with their counted boxes: <see cref="SpeakRule.Groups"/>, or every detection
    /// counted exactly without thresholds.
    /// </summary>
    public List<SpokenGroup> Spoken(SceneState state) => thresholds is not null
        ? SpeakRule.Groups(state.Objects, state.Faces, thresholds, state.MostSeen)
        : state.Objects.Where(o => o.Box is not null).GroupBy(o => o.Label, StringComparer.Ordinal).Select(g => new SpokenGroup(g.Key, [.. g.OrderByDescending(o => o.Box!.Value.Area)], false)).ToList();

    /// <summary>
    /// The person named as the speaker and what ties the voice to them, or nulls: the association's speaker, among the
    /// people said, with evidence that fits: their mouth moving with the voice, or, when they are the one person in view
    /// (an exact count of one), their face in view.
    /// </summary>
    private static (Evidence? Speaker, Evidence? Tie) Attributed(SceneState state, SpokenGroup? people)
    {
        if (state.Speech is null || people is null || state.Speaker is not { Box: not null } speaker || !people.Boxes.Contains(speaker)
            || state.SpeakerEvidence is not { } tie)
        {
            return (null, null);
        }
        var alone = people.Boxes.Count == 1 && !people.AtLeast;
        return tie.Label == Claim.MouthMotion || (alone && tie.Label == "face") ? (speaker, tie) : (null, null);
    }

    /// <summary>
    /// What a description of <paramref name="state"/> would tell, without where things are or exactly how many: which
    /// streams are missing, people and other objects by label with their number in bands (one, two, three or four, five
    /// or more), whether someone in view or out of view is speaking, and the text read. A new description is due when
    /// this changes. The detector counts a large group differently from one look to the next ("Six kites", "Seven
    /// kites") and a box near a boundary moves between "ahead" and "slightly left"; neither is news to the listener,
    /// and the periodic refresh and a request still give the exact scene.
    /// </summary>
    public string Gist(SceneState state)
    {
        var gist = new System.Text.StringBuilder();
        if (state.CameraMissing is not null)
        {
            gist.Append("camera-missing;");
        }
        if (state.MicrophoneMissing is not null)
        {
            gist.Append("microphone-missing;");
        }
        var groups = Spoken(state);
        var people = groups.FirstOrDefault(g => g.Label == "person");
        if (people is not null)
        {
            gist.Append("person:").Append(Band(people.Boxes.Count)).Append(people.AtLeast ? "+;" : ";");
        }
        if (state.Speech is not null)
        {
            gist.Append(Attributed(state, people).Speaker is not null ? "speaking:in-view;" : "speaking:unattributed;");
        }
        foreach (var group in ObjectGroups(groups))
        {
            gist.Append(group.Label).Append(':').Append(Band(group.Boxes.Count)).Append(group.AtLeast ? "+;" : ";");
        }
        foreach (var read in state.Text.Where(t => !string.IsNullOrWhiteSpace(t.Text)).Select(t => t.Text!.Trim()).Order(StringComparer.Ordinal))
        {
            gist.Append("text:").Append(read).Append(';');
        }
        return gist.ToString();
    }

    private static string Band(int count) => count switch
    {
        1 => "1",
        2 => "2",
        <= 4 => "3-4",
        _ => "5+",
    };

    /// <summary>Labels other than people, the one with the largest box first: the ones a description names.</summary>
    private IEnumerable<SpokenGroup> ObjectGroups(List<SpokenGroup> groups) => groups
        .Where(g => g.Label != "person")
        .OrderByDescending(g => g.Boxes[0].Box!.Value.Area)
        .Take(maxObjectLabels);

    /// <summary>"person" or "people", "cup" or "cups", as said.</summary>
    private string Noun(string label, int count) => count == 1 ? templates.Name(label) : templates.Plural(label);

    /// <summary>"slightly left, close by" etc. from a box: side from the centre, distance from the area.</summary>
    public string Position(Box box)
    {
        var cx = box.CenterX;
        var side = cx switch
        {
            < 0.35f => "left",
            < 0.45f => "slightly-left",
            <= 0.55f => "ahead",
            <= 0.65f => "slightly-right",
            _ => "right",
        };
        var phrase = templates.Position(side);
        var area = box.Area;
        if (area >= NearArea)
        {
            phrase += ", " + templates.Position("near");
        }
        else if (area < FarArea)
        {
            phrase += ", " + templates.Position("far");
        }
        return phrase;
    }

    private string Say(string key, params (string Name, string Value)[] values) => DescriptionTemplates.Fill(templates.Clause(key), values);

    /// <summary>"New: a cup on the right." for a clause about something the previous description did not have.</summary>
    private string New(string clause, bool isNew) =>
        isNew ? Say("new", ("clause", char.ToLowerInvariant(clause[0]) + clause[1..])) : clause;

    private static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";
}
