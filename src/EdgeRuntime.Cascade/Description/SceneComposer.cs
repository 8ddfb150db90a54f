using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Description;

/// <summary>
/// Turns a <see cref="SceneState"/> into short English sentences for a blind or low-vision listener: stream problems
/// first, then people and who is speaking, then other objects by label (count, position left/ahead/right from the
/// box centre, near/far from the box size), text read, and what changed since the previous description: what is new
/// is said as such ("New: a cup on the right.") and what left the view is named. Every clause carries the detections it
/// was made from; a fact without a detection is never said. Each clause also carries the facts it states as
/// <see cref="Claim"/>s (label and count, who speaks, text read), so what was said is scored without re-reading English.
/// </summary>
public sealed class SceneComposer(DescriptionTemplates templates, int maxObjectLabels = 4)
{
    /// <summary>Box area (fraction of the frame) from which a thing is "close by".</summary>
    public const float NearArea = 0.25f;

    /// <summary>Box area below which a thing is "far away".</summary>
    public const float FarArea = 0.015f;

    /// <summary>Composer with the shipped templates.</summary>
    public SceneComposer()
        : this(DescriptionTemplates.Default)
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
        bool IsNew(string label) => compare && !previous!.Objects.Any(o => o.Label == label && o.Box is not null);
        if (state.CameraMissing is { } camera)
        {
            clauses.Add(new Clause(Say("camera.missing"), [camera]));
        }
        if (state.MicrophoneMissing is { } microphone)
        {
            clauses.Add(new Clause(Say("microphone.missing"), [microphone]));
        }

        var people = state.Objects.Where(o => o.Label == "person" && o.Box is not null).OrderByDescending(o => o.Box!.Value.Area).ToList();
        var speaker = state.Speech is not null && state.Speaker is { Box: not null } s && people.Contains(s) ? s : null;
        if (people.Count > 0)
        {
            var focus = speaker ?? people[0];
            var position = Position(focus.Box!.Value);
            var evidence = new List<Evidence>(people);
            if (speaker is not null)
            {
                evidence.Add(state.Speech!);
            }
            var key = (people.Count == 1 ? "person.one" : "person.many") + (speaker is not null ? ".speaking" : "");
            if (speaker is not null && people.Count == 1 && position.Contains(',', StringComparison.Ordinal))
            {
                position += ","; // "A person slightly left, close by, is speaking."
            }
            clauses.Add(new Clause(New(Say(key, ("position", position), ("count", templates.Number(people.Count))), IsNew("person")), evidence)
            {
                Claims = speaker is null
                    ? [new Claim(ClaimKind.Object, "person", people.Count, people)]
                    : [new Claim(ClaimKind.Object, "person", people.Count, people), new Claim(ClaimKind.Speaking, Claim.SpeakerInView, people.Count, [speaker, state.Speech!])],
            });
        }
        else if (state.Speech is { } speech)
        {
            // Without a camera nobody can be "in view" either way: only say that speech is heard.
            var offscreen = state.CameraMissing is null;
            clauses.Add(new Clause(Say(offscreen ? "speech.offscreen" : "speech.heard"), [speech])
            {
                Claims = [new Claim(ClaimKind.Speaking, offscreen ? Claim.SpeakerNobodyInView : Claim.SpeakerUnseen, 0, [speech])],
            });
        }

        foreach (var group in ObjectGroups(state))
        {
            var label = group[0].Label;
            var position = Position(group[0].Box!.Value);
            var text = group.Count == 1
                ? Say("object.one", ("article", Article(templates.Name(label))), ("label", templates.Name(label)), ("position", position))
                : Say("object.many", ("count", templates.Number(group.Count)), ("plural", templates.Plural(label)), ("position", position));
            clauses.Add(new Clause(New(text, IsNew(label)), group) { Claims = [new Claim(ClaimKind.Object, label, group.Count, group)] });
        }

        foreach (var line in state.Text.Where(t => !string.IsNullOrWhiteSpace(t.Text)))
        {
            var read = line.Text!.Trim();
            var seen = compare && previous!.Text.Any(t => string.Equals(t.Text?.Trim(), read, StringComparison.Ordinal));
            clauses.Add(new Clause(New(Say("text", ("text", read)), compare && !seen), [line]) { Claims = [new Claim(ClaimKind.Text, read, 1, [line])] });
        }

        if (compare && previous is not null)
        {
            var now = state.Objects.Select(o => o.Label).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in previous.Objects.Where(o => !now.Contains(o.Label)).GroupBy(o => o.Label, StringComparer.Ordinal))
            {
                var text = gone.Key == "person" ? Say("gone.person") : Say("gone", ("label", templates.Name(gone.Key)));
                clauses.Add(new Clause(text, gone.ToList()));
            }
        }
        return new ComposedDescription(string.Join(' ', clauses.Select(c => c.Text)), clauses, state.Timestamp);
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
        var people = state.Objects.Where(o => o.Label == "person" && o.Box is not null).ToList();
        if (people.Count > 0)
        {
            gist.Append("person:").Append(Band(people.Count)).Append(';');
        }
        if (state.Speech is not null)
        {
            gist.Append(state.Speaker is { Box: not null } s && people.Contains(s) ? "speaking:in-view;" : "speaking:out-of-view;");
        }
        foreach (var group in ObjectGroups(state))
        {
            gist.Append(group[0].Label).Append(':').Append(Band(group.Count)).Append(';');
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

    /// <summary>Objects other than people, grouped by label, nearest first, the largest groups first: the ones a description names.</summary>
    private IEnumerable<List<Evidence>> ObjectGroups(SceneState state) => state.Objects
        .Where(o => o.Label != "person" && o.Box is not null)
        .GroupBy(o => o.Label, StringComparer.Ordinal)
        .Select(g => g.OrderByDescending(o => o.Box!.Value.Area).ToList())
        .OrderByDescending(g => g[0].Box!.Value.Area)
        .Take(maxObjectLabels);

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
