using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Fusion;

/// <summary>
/// Audio-visual association: while speech is active, attributes it to a person in view, preferring one whose box
/// overlaps the moving region (a talking head moves), then the nearest (largest box). With speech and nobody in
/// view the speech stays unattributed, which the description says ("nobody is in view").
/// </summary>
public static class SpeakerAssociation
{
    /// <summary>The person the speech belongs to, or null.</summary>
    /// <param name="speech">The active speech detection, or null when nobody speaks.</param>
    /// <param name="people">People in view (person detections, or faces promoted to people).</param>
    /// <param name="motion">The frame's motion box when the motion gate saw motion, else null.</param>
    public static Evidence? Associate(Evidence? speech, IReadOnlyList<Evidence> people, Box? motion)
    {
        if (speech is null)
        {
            return null;
        }
        Evidence? best = null;
        var bestKey = (-1, -1f);
        foreach (var p in people)
        {
            if (p.Box is not { } box)
            {
                continue;
            }
            var key = (motion is { } m && m.Overlaps(box) ? 1 : 0, box.Area);
            if (key.CompareTo(bestKey) > 0)
            {
                best = p;
                bestKey = key;
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
