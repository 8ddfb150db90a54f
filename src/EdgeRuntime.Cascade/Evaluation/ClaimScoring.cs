using System.Globalization;
using System.Text;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>How a spoken fact stands against the ground truth of its moment.</summary>
public enum Verdict
{
    /// <summary>Right: the label with a count that fits, a speaker the truth supports, text that is there.</summary>
    True,

    /// <summary>Not wrong: a label the annotation accepts (a dining table under a cup), with any count.</summary>
    Acceptable,

    /// <summary>Wrong label, wrong count, a speaker nothing supports, or text that is not there.</summary>
    False,
}

/// <summary>One spoken fact judged.</summary>
/// <param name="Spoken">The fact as said, with its detections.</param>
/// <param name="Seconds">Sensor seconds since the recording began (the frame described).</param>
/// <param name="Verdict">The judgement.</param>
/// <param name="Why">What the truth says there (e.g. "3 said; in view: horse 1").</param>
public sealed record JudgedClaim(SpokenClaim Spoken, double Seconds, Verdict Verdict, string Why);

/// <summary>An object in view for long enough that a description should have named it, and whether one did.</summary>
/// <param name="Label">COCO label.</param>
/// <param name="Start">Shot start, seconds.</param>
/// <param name="End">Shot end, seconds.</param>
/// <param name="Image">Catalog photo of the shot.</param>
/// <param name="Said">True when a description named the label during the shot.</param>
public sealed record ObjectInView(string Label, double Start, double End, string Image, bool Said);

/// <summary>Every spoken fact of a run judged, and every object that should have been named.</summary>
/// <param name="Judged">Each fact said, in order.</param>
/// <param name="InView">Each (shot, object) in view for at least <see cref="ClaimScoring.MinInView"/>.</param>
public sealed record ClaimScore(IReadOnlyList<JudgedClaim> Judged, IReadOnlyList<ObjectInView> InView)
{
    /// <summary>Claims of one kind: all, false, acceptable.</summary>
    public (long Claims, long False, long Acceptable) Of(ClaimKind kind)
    {
        long all = 0, wrong = 0, acceptable = 0;
        foreach (var j in Judged)
        {
            if (j.Spoken.Claim.Kind == kind)
            {
                all++;
                wrong += j.Verdict == Verdict.False ? 1 : 0;
                acceptable += j.Verdict == Verdict.Acceptable ? 1 : 0;
            }
        }
        return (all, wrong, acceptable);
    }

    public static ClaimScore operator +(ClaimScore a, ClaimScore b) => new([.. a.Judged, .. b.Judged], [.. a.InView, .. b.InView]);

    public static ClaimScore Zero => new([], []);
}

/// <summary>
/// Scores what the descriptions said, fact by fact (<see cref="Claim"/>), against the annotated truth of the moment
/// they describe: an object claim is true when the label is in view and the count said fits the annotated count
/// ("three horses" for one horse is false; "at least two" is true of two or more), acceptable when the annotation accepts the label, false otherwise; naming
/// a person in view as the speaker is true only while someone speaks and exactly one person is in view (nothing in a
/// still photo ties a voice to one of several people); "someone is speaking, but nobody is in view" needs speech and
/// nobody in view; text read must be found (at most a quarter of its characters wrong) in the sign or the photo's own
/// text. Recall: each object in view for at least <see cref="MinInView"/> that no description named during its shot.
/// </summary>
public static class ClaimScoring
{
    /// <summary>Truth is looked up this far either side of the described frame (a frame at a cut belongs to either shot).</summary>
    public const double CutTolerance = 0.1;

    /// <summary>A speaking claim is borne out by speech within this many seconds of the frame.</summary>
    public const double SpeechTolerance = 1.0;

    /// <summary>Objects in view at least this long should be named.</summary>
    public const double MinInView = 2.0;

    /// <summary>Most character errors, as a fraction of the text read, for a reading to count as the text in view.</summary>
    public const double TextTolerance = 0.25;

    /// <summary>Judges every claim of <paramref name="timeline"/> (its times relative to <paramref name="origin"/>).</summary>
    public static ClaimScore Score(GroundTruth truth, Timeline timeline, Timestamp origin)
    {
        var judged = new List<JudgedClaim>(timeline.Claims.Count);
        foreach (var spoken in timeline.Claims)
        {
            var t = (spoken.At - origin).TotalSeconds;
            if (t > truth.DurationSeconds)
            {
                continue; // a run cut short by --limit: truth ends there
            }
            var spans = truth.Spans.Where(s => s.Start <= t + CutTolerance && t - CutTolerance < s.End).ToList();
            var (verdict, why) = spoken.Claim.Kind switch
            {
                ClaimKind.Object => Object(spoken.Claim, spans),
                ClaimKind.Speaking => Speaking(spoken.Claim, truth, spans, t),
                _ => Text(spoken.Claim, spans),
            };
            judged.Add(new JudgedClaim(spoken, t, verdict, why));
        }

        var inView = new List<ObjectInView>();
        foreach (var shot in truth.Shots.Where(s => s.End - s.Start >= MinInView))
        {
            foreach (var o in shot.Objects)
            {
                var said = judged.Any(j => j.Spoken.Claim.Kind == ClaimKind.Object && j.Spoken.Claim.Subject == o.Label
                                           && j.Seconds >= shot.Start - CutTolerance && j.Seconds < shot.End + CutTolerance);
                inView.Add(new ObjectInView(o.Label, shot.Start, shot.End, shot.Image, said));
            }
        }
        return new ClaimScore(judged, inView);
    }

    /// <summary>
    /// The figures of a score; with a <paramref name="scenario"/> name they list every false claim and every object
    /// missed (a total leaves the lists out: they are in its scenarios).
    /// </summary>
    public static ClaimFigures Figures(ClaimScore score, string? scenario)
    {
        static KindFigures Kind((long Claims, long False, long Acceptable) c) => new()
        {
            Claims = c.Claims, False = c.False, Acceptable = c.Acceptable,
            Precision = c.Claims == 0 ? 1 : (c.Claims - c.False) / (double)c.Claims,
        };
        long inView = score.InView.Count, said = score.InView.Count(o => o.Said);
        return new ClaimFigures
        {
            Objects = Kind(score.Of(ClaimKind.Object)),
            Speaking = Kind(score.Of(ClaimKind.Speaking)),
            Text = Kind(score.Of(ClaimKind.Text)),
            AttributionsWithoutEvidence = score.Judged.Count(j => !j.Spoken.Claim.HasAttributionEvidence),
            ObjectsInView = inView,
            ObjectsSaid = said,
            SpokenObjectRecall = inView == 0 ? 1 : said / (double)inView,
            FalseClaims = scenario is null ? null : score.Judged.Where(j => j.Verdict == Verdict.False).Select(j => new FalseClaim(scenario,
                Math.Round(j.Seconds, 3), Name(j.Spoken.Claim.Kind), Said(j.Spoken.Claim), j.Spoken.Sentence, j.Why,
                j.Spoken.Claim.Evidence.Select(e => new ClaimDetection(e.Model, e.Label, e.Score)).ToList())).ToList(),
            Missed = scenario is null ? null : score.InView.Where(o => !o.Said).Select(o => new MissedObject(scenario,
                Math.Round(o.Start, 3), Math.Round(o.End, 3), o.Image, o.Label)).ToList(),
        };
    }

    /// <summary>object, speaking or text.</summary>
    public static string Name(ClaimKind kind) => kind switch
    {
        ClaimKind.Object => "object",
        ClaimKind.Speaking => "speaking",
        _ => "text",
    };

    /// <summary>"cup x1", "speaker: person in view (2 people)", "text: EXIT".</summary>
    public static string Said(Claim claim) => claim.Kind switch
    {
        ClaimKind.Object => $"{claim.Subject} x{claim.Count}{(claim.AtLeast ? " or more" : "")}",
        ClaimKind.Speaking => claim.Subject == Claim.SpeakerInView ? $"speaker: {claim.Subject} ({claim.Count} in view)" : $"speaker: {claim.Subject}",
        _ => "text: " + claim.Subject,
    };

    private static (Verdict, string) Object(Claim claim, List<TruthSpan> spans)
    {
        if (spans.Any(s => s.Find(claim.Subject) is { } o && (claim.AtLeast ? o.FitsAtLeast(claim.Count) : o.Fits(claim.Count))))
        {
            return (Verdict.True, InView(spans));
        }
        if (spans.Any(s => s.Acceptable.Contains(claim.Subject, StringComparer.Ordinal)))
        {
            return (Verdict.Acceptable, InView(spans));
        }
        var present = spans.Any(s => s.Find(claim.Subject) is not null);
        return (Verdict.False, (present ? $"{claim.Count} said; in view: " : $"no {claim.Subject}; in view: ") + InView(spans));
    }

    private static (Verdict, string) Speaking(Claim claim, GroundTruth truth, List<TruthSpan> spans, double t)
    {
        var speech = truth.Speech.Any(s => s.Start <= t + SpeechTolerance && t - SpeechTolerance < s.End);
        if (!speech)
        {
            return (Verdict.False, "nobody speaks");
        }
        var people = spans.Count == 0 ? 0 : spans.Max(s => s.People());
        return claim.Subject switch
        {
            Claim.SpeakerInView when people == 1 => (Verdict.True, "one person in view, speech"),
            Claim.SpeakerInView when people == 0 => (Verdict.False, "nobody in view"),
            Claim.SpeakerInView => (Verdict.False, $"{people} people in view and nothing shows which one speaks"),
            Claim.SpeakerNobodyInView when people > 0 => (Verdict.False, $"{people} in view"),
            _ => (Verdict.True, "speech"),
        };
    }

    private static (Verdict, string) Text(Claim claim, List<TruthSpan> spans)
    {
        var read = Normalize(claim.Subject);
        var lines = spans.SelectMany(s => s.PhotoText.Prepend(s.Text ?? "")).Where(l => l.Length > 0).Select(Normalize).Distinct().ToList();
        if (lines.Count == 0)
        {
            return (Verdict.False, "no text in view");
        }
        var candidates = lines.Append(string.Join(' ', lines));
        var errors = candidates.Min(c => SubstringDistance(read, c));
        return errors <= TextTolerance * Math.Max(1, read.Length)
            ? (Verdict.True, $"{errors} character errors")
            : (Verdict.False, $"{errors} character errors against the text in view");
    }

    /// <summary>"person 1, cup 1 (acceptable: dining table); sign EXIT" for the spans around a claim.</summary>
    private static string InView(List<TruthSpan> spans)
    {
        var text = new StringBuilder();
        foreach (var s in spans.DistinctBy(s => string.Join(',', s.Objects) + "|" + string.Join(',', s.Acceptable)))
        {
            text.Append(text.Length > 0 ? " / " : "").Append(s.Objects.Count == 0 ? "nothing" : string.Join(", ", s.Objects));
            if (s.Acceptable.Count > 0)
            {
                text.Append(" (acceptable: ").Append(string.Join(", ", s.Acceptable)).Append(')');
            }
        }
        return text.ToString();
    }

    /// <summary>Upper case, letters and digits, single spaces.</summary>
    internal static string Normalize(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text.ToUpper(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                b.Append(c);
            }
            else if (b.Length > 0 && b[^1] != ' ')
            {
                b.Append(' ');
            }
        }
        return b.ToString().Trim();
    }

    /// <summary>Fewest edits that turn <paramref name="pattern"/> into some substring of <paramref name="text"/>.</summary>
    public static int SubstringDistance(string pattern, string text)
    {
        // Sellers' algorithm: the edit-distance table with a free start anywhere in the text (first row zeros) and a
        // free end anywhere (minimum over the last row).
        var prev = new int[text.Length + 1];
        var cur = new int[text.Length + 1];
        for (var i = 1; i <= pattern.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= text.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (pattern[i - 1] == text[j - 1] ? 0 : 1));
            }
            (prev, cur) = (cur, prev);
        }
        return pattern.Length == 0 ? 0 : prev.Min();
    }
}
