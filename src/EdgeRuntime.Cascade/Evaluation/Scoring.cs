using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>True/false positive and negative counts, with precision, recall and F1.</summary>
public record struct Counts(long Tp, long Fp, long Fn)
{
    public readonly double Precision => Tp + Fp == 0 ? 1 : Tp / (double)(Tp + Fp);

    public readonly double Recall => Tp + Fn == 0 ? 1 : Tp / (double)(Tp + Fn);

    public readonly double F1 => Tp == 0 && Fp == 0 && Fn == 0 ? 1 : 2.0 * Tp / (2.0 * Tp + Fp + Fn);

    public static Counts operator +(Counts a, Counts b) => new(a.Tp + b.Tp, a.Fp + b.Fp, a.Fn + b.Fn);
}

/// <summary>A run scored against ground truth.</summary>
/// <param name="SpeechFrames">Speech on/off per 10 ms against the measured speech spans.</param>
/// <param name="SpeechSegments">Utterances matched one-to-one with reported segments (overlap ≥ 50 % of the shorter).</param>
/// <param name="Objects">(sample, label) pairs every 0.5 s, skipping the first second after each cut (acceptable labels count neither way).</param>
/// <param name="CharacterErrors">Edit distance of the best text read during each sign shot to the sign's text (the whole text when nothing was read).</param>
/// <param name="Characters">Characters of sign text in the scenario.</param>
public sealed record Score(Counts SpeechFrames, Counts SpeechSegments, Counts Objects, long CharacterErrors, long Characters)
{
    /// <summary>Character error rate over the sign shots (0 when there were none).</summary>
    public double Cer => Characters == 0 ? 0 : CharacterErrors / (double)Characters;

    public static Score operator +(Score a, Score b) => new(a.SpeechFrames + b.SpeechFrames, a.SpeechSegments + b.SpeechSegments,
        a.Objects + b.Objects, a.CharacterErrors + b.CharacterErrors, a.Characters + b.Characters);

    public static Score Zero => new(default, default, default, 0, 0);
}

/// <summary>Scores runs against ground truth and against each other.</summary>
public static class Scoring
{
    /// <summary>Object samples are taken every this many seconds.</summary>
    public const double SampleStep = 0.5;

    /// <summary>Object samples this soon after a cut are skipped (a new view needs a tier-2 pass).</summary>
    public const double Grace = 1.0;

    public static Score Against(GroundTruth truth, RunReport run)
    {
        var origin = run.Replay.Origin;
        var tl = run.Timeline;
        Timestamp At(double s) => origin + TimeSpan.FromTicks((long)(s * TimeSpan.TicksPerSecond));

        var frames = new Counts();
        for (var t = 0.005; t < truth.DurationSeconds; t += 0.01)
        {
            var real = truth.Speech.Any(s => t >= s.Start && t < s.End);
            var said = tl.SpeechAt(At(t));
            frames += new Counts(real && said ? 1 : 0, !real && said ? 1 : 0, real && !said ? 1 : 0);
        }

        var reported = tl.Speech.Select(s => ((s.Start - origin).TotalSeconds, (s.End - origin).TotalSeconds)).ToList();
        var used = new bool[reported.Count];
        long matched = 0;
        foreach (var u in truth.Speech)
        {
            for (var i = 0; i < reported.Count; i++)
            {
                var (a, b) = reported[i];
                var overlap = Math.Min(b, u.End) - Math.Max(a, u.Start);
                if (!used[i] && overlap >= 0.5 * Math.Min(b - a, u.End - u.Start))
                {
                    used[i] = true;
                    matched++;
                    break;
                }
            }
        }
        var segments = new Counts(matched, reported.Count - matched, truth.Speech.Count - matched);

        var objects = new Counts();
        foreach (var shot in truth.Shots)
        {
            for (var t = shot.Start + Grace; t < shot.End; t += SampleStep)
            {
                var seen = tl.LabelsAt(At(t));
                var real = shot.Labels().ToHashSet(StringComparer.Ordinal);
                // an acceptable label (a dining table under a cup) is neither a hit nor a false object
                objects += new Counts(seen.Count(real.Contains), seen.Count(l => !shot.Allows(l)), real.Count(l => !seen.Contains(l)));
            }
        }

        long errors = 0, chars = 0;
        foreach (var shot in truth.Shots.Where(s => s.Text is not null))
        {
            var want = shot.Text!.ToUpperInvariant();
            var reads = tl.Views.Where(v => (v.At - origin).TotalSeconds >= shot.Start && (v.At - origin).TotalSeconds < shot.End)
                .SelectMany(v => v.Text).Select(x => x.ToUpperInvariant()).ToList();
            errors += reads.Count == 0 ? want.Length : reads.Min(r => Math.Min(want.Length, Levenshtein(r, want)));
            chars += want.Length;
        }
        return new Score(frames, segments, objects, errors, chars);
    }

    /// <summary>Events of two runs match when they are the same change of the same thing this close in sensor time.</summary>
    public static readonly TimeSpan EventTolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Agreement of two runs' events: each run's timeline turned into the events it published (a label entering or
    /// leaving the view, a face appearing or going, speech starting or ending, text appearing or going), matched one to
    /// one by kind and label within <see cref="EventTolerance"/> of sensor time since each run's origin; returns the
    /// matched count and the events of both runs (agreement = 2 × matched / events, 1 when neither run had any).
    /// </summary>
    public static (long Matched, long Events) EventAgreement(RunReport a, RunReport b)
    {
        var (ea, eb) = Published(a, b);
        return (ea.Count(e => e.Matched), ea.Count + eb.Count);
    }

    /// <summary>Matches two event lists (see <see cref="EventAgreement(RunReport, RunReport)"/>).</summary>
    public static (long Matched, long Events) EventAgreement(List<(string Key, double Seconds)> ea, List<(string Key, double Seconds)> eb)
    {
        var (ma, _) = Match(ea, eb);
        return (ma.Count(m => m), ea.Count + eb.Count);
    }

    /// <summary>
    /// Both runs' events (<see cref="Events(Timeline, Timestamp)"/>, or with <paramref name="spokenOnly"/> those of
    /// <see cref="SpokenEvents"/>), each with whether it found a partner in the other run (<see cref="Match"/>); seconds
    /// since each run's origin, in the order the timelines gave them.
    /// </summary>
    public static (List<PublishedEvent> A, List<PublishedEvent> B) Published(RunReport a, RunReport b, bool spokenOnly = false)
    {
        var (ea, eb) = (Events(a.Timeline, a.Replay.Origin, spokenOnly), Events(b.Timeline, b.Replay.Origin, spokenOnly));
        var (ma, mb) = Match(ea, eb);
        return (ea.Select((e, i) => new PublishedEvent(e.Key, e.Seconds, ma[i])).ToList(), eb.Select((e, i) => new PublishedEvent(e.Key, e.Seconds, mb[i])).ToList());
    }

    /// <summary>
    /// One-to-one matching of two event lists: for each event of <paramref name="ea"/> in time order, the nearest
    /// unmatched event of <paramref name="eb"/> with the same key within <see cref="EventTolerance"/>. Returns which
    /// events of each list found a partner.
    /// </summary>
    public static (bool[] A, bool[] B) Match(List<(string Key, double Seconds)> ea, List<(string Key, double Seconds)> eb)
    {
        var ma = new bool[ea.Count];
        var mb = new bool[eb.Count];
        foreach (var i in Enumerable.Range(0, ea.Count).OrderBy(i => ea[i].Seconds))
        {
            var best = -1;
            for (var j = 0; j < eb.Count; j++)
            {
                var d = Math.Abs(eb[j].Seconds - ea[i].Seconds);
                if (!mb[j] && eb[j].Key == ea[i].Key && d <= EventTolerance.TotalSeconds && (best < 0 || d < Math.Abs(eb[best].Seconds - ea[i].Seconds)))
                {
                    best = j;
                }
            }
            if (best >= 0)
            {
                ma[i] = mb[best] = true;
            }
        }
        return (ma, mb);
    }

    /// <summary>
    /// Agreement of two runs' spoken claims (issue 19's restated agreement): the events of <see cref="SpokenEvents"/>,
    /// matched as <see cref="EventAgreement(RunReport, RunReport)"/> matches all events.
    /// </summary>
    public static (long Matched, long Events) SpokenAgreement(RunReport a, RunReport b) =>
        EventAgreement(SpokenEvents(a.Timeline, a.Replay.Origin), SpokenEvents(b.Timeline, b.Replay.Origin));

    /// <summary>
    /// A timeline's events as (label/new or label/end, seconds since <paramref name="origin"/>); a label enters at the
    /// first sighting that put it in view (the tracker's <c>Since</c>), and leaves at the first view that missed it (the
    /// tracker's departure), or at the view that dropped it when untracked.
    /// </summary>
    public static List<(string Key, double Seconds)> Events(Timeline tl, Timestamp origin) => Events(tl, origin, spokenOnly: false);

    /// <summary>
    /// The events a listener hears about: speech, faces and text as in <see cref="Events(Timeline, Timestamp)"/>, and
    /// of the objects only the labels a description may say (<see cref="TimelineView.Spoken"/>), each entering at the
    /// view that made it sayable and leaving at the first view that missed it, or at the view that no longer confirmed
    /// it. A weak label in view is not a claim, so it is no event here; it is timed by the view, not by its first weak
    /// sighting, because a claim exists only from the look that confirmed it.
    /// </summary>
    public static List<(string Key, double Seconds)> SpokenEvents(Timeline tl, Timestamp origin) => Events(tl, origin, spokenOnly: true);

    private static List<(string Key, double Seconds)> Events(Timeline tl, Timestamp origin, bool spokenOnly)
    {
        var events = new List<(string Key, double Seconds)>();
        double At(Timestamp t) => (t - origin).TotalSeconds;
        foreach (var (start, end) in tl.Speech)
        {
            events.Add(("speech/new", At(start)));
            events.Add(("speech/end", At(end)));
        }
        var faces = false;
        foreach (var (at, count) in tl.Faces)
        {
            if (count > 0 != faces)
            {
                faces = count > 0;
                events.Add((faces ? "face/new" : "face/end", At(at)));
            }
        }
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var text = false;
        foreach (var view in tl.Views)
        {
            var (at, since, left) = (view.At, view.Since, view.Left);
            var viewLabels = spokenOnly ? view.Spoken : view.Labels;
            for (var i = 0; i < viewLabels.Length; i++)
            {
                if (!labels.Contains(viewLabels[i]))
                {
                    // a tracked label entered at its first sighting, not at the view that confirmed it; a claim at its view
                    events.Add((viewLabels[i] + "/new", At(!spokenOnly && since is { } s && i < s.Length ? s[i] : at)));
                }
            }
            foreach (var l in labels.Where(l => !viewLabels.Contains(l)))
            {
                events.Add((l + "/end", At(LeftAt(left, l, at))));
            }
            labels = viewLabels.ToHashSet(StringComparer.Ordinal);
            if (view.Text.Length > 0 != text)
            {
                text = view.Text.Length > 0;
                events.Add((text ? "text/new" : "text/end", At(text ? view.TextSince ?? at : LeftAt(left, "text", at))));
            }
        }
        return events;
    }

    private static Timestamp LeftAt(Departure[]? left, string label, Timestamp view)
    {
        foreach (var d in left ?? [])
        {
            if (d.Label == label)
            {
                return d.At;
            }
        }
        return view;
    }

    /// <summary>
    /// Agreement of two runs' reported state (labels in view, speech on/off) sampled every 0.5 s over the recording:
    /// the fraction of samples where both runs report the same thing (stricter than <see cref="EventAgreement(RunReport, RunReport)"/>: a
    /// change reported a moment later counts against it for every sample in between).
    /// </summary>
    public static (long Agree, long Samples) StateAgreement(GroundTruth truth, RunReport a, RunReport b)
    {
        long agree = 0, samples = 0;
        for (var t = SampleStep / 2; t < truth.DurationSeconds; t += SampleStep)
        {
            var ta = a.Replay.Origin + TimeSpan.FromSeconds(t);
            var tb = b.Replay.Origin + TimeSpan.FromSeconds(t);
            var same = a.Timeline.LabelsAt(ta).SetEquals(b.Timeline.LabelsAt(tb)) && a.Timeline.SpeechAt(ta) == b.Timeline.SpeechAt(tb);
            agree += same ? 1 : 0;
            samples++;
        }
        return (agree, samples);
    }

    /// <summary>Edit distance (insertions, deletions, substitutions).</summary>
    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
