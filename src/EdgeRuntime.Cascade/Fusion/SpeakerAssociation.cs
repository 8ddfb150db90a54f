using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Fusion;

/// <summary>
/// Audio-visual association: while speech is active, ties it to a person in view only on evidence. With a face whose
/// mouth moves with the voice (<see cref="MouthActivity"/>), the person that face belongs to; otherwise, when exactly one
/// person is in view and their face is (a confirmed face inside their box), that person; otherwise nobody: with two
/// or more people and nothing observed tying the voice to one of them, the description says only that someone speaks.
/// </summary>
public static class SpeakerAssociation
{
    /// <summary>The person the speech belongs to and the evidence that ties it to them, or nulls.</summary>
    /// <param name="speech">The active speech detection, or null when nobody speaks.</param>
    /// <param name="people">People in view (person detections, or faces promoted to people).</param>
    /// <param name="faces">Tier 1's confirmed faces.</param>
    /// <param name="mouth">The face whose mouth moved with the voice (<see cref="MouthActivity.Speaker"/>), or null.</param>
    public static (Evidence? Speaker, Evidence? Evidence) Associate(Evidence? speech, IReadOnlyList<Evidence> people, IReadOnlyList<Evidence> faces, Evidence? mouth)
    {
        if (speech is null)
        {
            return (null, null);
        }
        if (mouth?.Box is { } m && Holder(people, m) is { } talker)
        {
            return (talker, mouth);
        }
        if (people.Count == 1 && people[0].Box is { } only)
        {
            foreach (var face in faces)
            {
                if (face.Box is { } f && only.ContainsCenterOf(f))
                {
                    return (people[0], face);
                }
            }
        }
        return (null, null);
    }

    /// <summary>The smallest person box the face's centre lies in (a face promoted to a person is its own box).</summary>
    private static Evidence? Holder(IReadOnlyList<Evidence> people, Box face)
    {
        Evidence? best = null;
        foreach (var p in people)
        {
            if (p.Box is { } b && b.ContainsCenterOf(face) && (best is null || b.Area < best.Box!.Value.Area))
            {
                best = p;
            }
        }
        return best;
    }

    /// <summary>
    /// People in view from the full detector's persons and tier 1's faces: every person box, plus a person for each
    /// face that lies in no person box (a face is a person even when the full detector did not run or missed it).
    /// </summary>
    public static List<Evidence> People(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> faces)
    {
        var people = objects.Where(o => o.Label == "person").ToList();
        foreach (var face in faces)
        {
            if (face.Box is { } f && !people.Any(p => p.Box is { } b && b.Overlaps(f)))
            {
                // Evidence stays the face's own (model, tier, score); only the label says what it implies.
                people.Add(face with { Label = "person" });
            }
        }
        return people;
    }
}
