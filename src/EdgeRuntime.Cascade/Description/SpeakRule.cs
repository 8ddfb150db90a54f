using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Description;

/// <summary>The boxes of one label a description may say, and whether their number is exact or a lower bound.</summary>
/// <param name="Label">COCO label (<c>person</c> for people, faces included).</param>
/// <param name="Boxes">The confirmed boxes counted, largest first.</param>
/// <param name="AtLeast">True when the count is only a lower bound ("at least two people").</param>
public sealed record SpokenGroup(string Label, List<Evidence> Boxes, bool AtLeast);

/// <summary>
/// Which detections a description may say (the rest are still published as events with their score): a box scoring at
/// least its class's <see cref="SpeakThresholds"/> threshold; a person known only from a tier-1 face whose score reaches
/// the <c>face</c> threshold; and a weaker person box that a confirmed face lies in (a second model's look at the same
/// person). Counting: a box lying mostly inside a stronger one of its label is the same thing seen twice and is not
/// counted; the number is said exactly only when every box of the label in view was confirmed and each reaches the
/// pooled threshold, otherwise as a lower bound ("at least two people"): a weak box beside the confirmed ones, or a
/// class confirmed below the pooled threshold, or a recent view that held more boxes of the label than the latest
/// (the tracker's most seen: a player the detector finds in one look and misses in the next), says the detector is
/// unsure how many there are. The catalog
/// calibration scores this very rule, so what it measures is what the composer does.
/// </summary>
public static class SpeakRule
{
    /// <summary>Label of a person known only from a face, in the thresholds.</summary>
    public const string FaceClass = "face";

    /// <summary>A box with at least this share of its area inside a stronger box of the same label is not counted.</summary>
    public const float Inside = 0.7f;

    /// <summary>The labels a description may say, each with its counted boxes.</summary>
    /// <param name="objects">Objects in view (people included; faces promoted to people carry tier 1).</param>
    /// <param name="faces">Tier 1's confirmed faces in the same view.</param>
    /// <param name="thresholds">Per-class thresholds.</param>
    /// <param name="mostSeen">Per label, the most detections one recent view held, or null.</param>
    public static List<SpokenGroup> Groups(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> faces, SpeakThresholds thresholds,
        IReadOnlyDictionary<string, int>? mostSeen = null)
    {
        var groups = new List<SpokenGroup>();
        foreach (var label in objects.Where(o => o.Box is not null).GroupBy(o => o.Label, StringComparer.Ordinal))
        {
            var all = label.OrderByDescending(o => o.Score).ToList();
            var counted = new List<Evidence>();
            var exact = true;
            foreach (var o in all)
            {
                if (counted.Any(c => InsideOf(o.Box!.Value, c.Box!.Value)))
                {
                    continue;
                }
                if (!Confirmed(o, faces, thresholds))
                {
                    exact = false;
                    continue;
                }
                counted.Add(o);
                exact &= o.Tier == 1 || o.Score >= thresholds.Pooled || (o.Label == "person" && HasFace(o, faces));
            }
            if (mostSeen is not null && mostSeen.TryGetValue(label.Key, out var most) && most > all.Count)
            {
                exact = false;
            }
            if (counted.Count > 0)
            {
                groups.Add(new SpokenGroup(label.Key, [.. counted.OrderByDescending(o => o.Box!.Value.Area)], !exact));
            }
        }
        return groups;
    }

    /// <summary>True when a description may say <paramref name="o"/>.</summary>
    public static bool Confirmed(Evidence o, IReadOnlyList<Evidence> faces, SpeakThresholds thresholds) => o.Box is not null && (o.Tier == 1
        ? o.Score >= thresholds.For(FaceClass)
        : o.Score >= thresholds.For(o.Label) || (o.Label == "person" && HasFace(o, faces)));

    private static bool InsideOf(Box inner, Box outer)
    {
        var ix = Math.Max(0, Math.Min(inner.X + inner.W, outer.X + outer.W) - Math.Max(inner.X, outer.X));
        var iy = Math.Max(0, Math.Min(inner.Y + inner.H, outer.Y + outer.H) - Math.Max(inner.Y, outer.Y));
        return inner.Area > 0 && ix * iy >= Inside * inner.Area;
    }

    private static bool HasFace(Evidence person, IReadOnlyList<Evidence> faces)
    {
        var box = person.Box!.Value;
        foreach (var face in faces)
        {
            if (face.Box is { } f && box.ContainsCenterOf(f))
            {
                return true;
            }
        }
        return false;
    }
}
