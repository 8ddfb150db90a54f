using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>
/// Records what the cascade reported, with sensor timestamps, for scoring against ground truth, and its settled tier-2
/// decisions. It keeps everything for the whole run, so only an evaluation (<c>edge eval</c>, tests) attaches one.
/// </summary>
/// <remarks>Design: called from the fast path and the tier-2 worker; every list is guarded by <c>_gate</c>.</remarks>
public sealed class TimelineRecorder : ICascadeObserver
{
    private readonly Lock _gate = new();
    private readonly List<(Timestamp Start, Timestamp End)> _speech = [];
    private Timestamp? _speechOpen;
    private readonly List<TimelineView> _views = [];
    private readonly List<(Timestamp At, int Faces)> _faces = [];
    private readonly List<(Timestamp At, string Text, string Reason)> _descriptions = [];
    private readonly List<SpokenClaim> _claims = [];
    private readonly List<DecisionRecord> _decisions = [];
    private long _recorded;

    /// <summary>State changes recorded so far (frames that recorded one are not steady state).</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    /// <summary>A snapshot of everything recorded; an open speech segment is closed at <paramref name="end"/>.</summary>
    public Timeline Snapshot(Timestamp end)
    {
        lock (_gate)
        {
            var speech = _speech.ToList();
            if (_speechOpen is { } open)
            {
                speech.Add((open, end));
            }
            return new Timeline(speech, _views.ToList(), _faces.ToList(), _descriptions.ToList()) { Decisions = _decisions.ToList(), Claims = _claims.ToList() };
        }
    }

    public void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd)
    {
        Interlocked.Increment(ref _recorded);
        lock (_gate)
        {
            if (active)
            {
                _speechOpen = at;
            }
            else if (_speechOpen is { } start)
            {
                _speech.Add((start, at));
                _speechOpen = null;
            }
        }
    }

    public void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame)
    {
        Interlocked.Increment(ref _recorded);
        lock (_gate)
        {
            _faces.Add((frame, faces.Count));
        }
    }

    public void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame)
    {
        Interlocked.Increment(ref _recorded);
        lock (_gate)
        {
            var labels = objects.GroupBy(o => o.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            _views.Add(new TimelineView(frame, labels.Select(g => g.Key).ToArray(), text.Select(t => t.Text ?? "").ToArray())
            {
                Since = labels.Select(g => g.Min(o => o.Since ?? frame)).ToArray(),
                TextSince = text.Count > 0 ? text.Min(t => t.Since ?? frame) : null,
                Left = departed.ToArray(),
                Spoken = spoken.Order(StringComparer.Ordinal).ToArray(),
            });
        }
    }

    public void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame)
    {
        Interlocked.Increment(ref _recorded);
        lock (_gate)
        {
            var why = EscalationReasonNames.Primary(reason);
            _descriptions.Add((frame, description.Text, why));
            foreach (var clause in description.Clauses)
            {
                foreach (var claim in clause.Claims)
                {
                    _claims.Add(new SpokenClaim(frame, claim, clause.Text, why));
                }
            }
        }
    }

    public void Decided(in DecisionRecord record)
    {
        Interlocked.Increment(ref _recorded);
        lock (_gate)
        {
            _decisions.Add(record);
        }
    }

    public void StreamChanged(SensorStream stream, bool missing, Timestamp at)
    {
    }
}

/// <summary>What a run reported, in sensor time.</summary>
/// <param name="Speech">Speech segments.</param>
/// <param name="Views">Tier-2 views, in frame order.</param>
/// <param name="Faces">Tier-1 face counts whenever they changed.</param>
/// <param name="Descriptions">Descriptions composed.</param>
public sealed record Timeline(
    IReadOnlyList<(Timestamp Start, Timestamp End)> Speech,
    IReadOnlyList<TimelineView> Views,
    IReadOnlyList<(Timestamp At, int Faces)> Faces,
    IReadOnlyList<(Timestamp At, string Text, string Reason)> Descriptions)
{
    /// <summary>The timeline of a run nobody recorded (only <c>edge eval</c> and tests record one).</summary>
    public static Timeline Empty { get; } = new([], [], [], []);

    /// <summary>Tier-2 decisions as they were settled (ran or superseded), in that order.</summary>
    public IReadOnlyList<DecisionRecord> Decisions { get; init; } = [];

    /// <summary>Every fact the descriptions stated, in the order they were said.</summary>
    public IReadOnlyList<SpokenClaim> Claims { get; init; } = [];

    /// <summary>Labels believed in view at <paramref name="t"/>: the latest tier-2 view, plus a person while tier 1 sees a face.</summary>
    public SortedSet<string> LabelsAt(Timestamp t)
    {
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        var view = Views.LastOrDefault(v => v.At <= t);
        if (view is not null)
        {
            labels.UnionWith(view.Labels);
        }
        var faces = Faces.LastOrDefault(f => f.At <= t);
        if (faces.Faces > 0)
        {
            labels.Add("person");
        }
        return labels;
    }

    /// <summary>True when a speech segment covers <paramref name="t"/>.</summary>
    public bool SpeechAt(Timestamp t) => Speech.Any(s => s.Start <= t && t < s.End);

    /// <summary>Text read in the latest view at <paramref name="t"/>.</summary>
    public string[] TextAt(Timestamp t) => Views.LastOrDefault(v => v.At <= t)?.Text ?? [];
}

/// <summary>One tier-2 view as a run reported it.</summary>
/// <param name="At">Sensor time of the frame.</param>
/// <param name="Labels">Labels in view, sorted.</param>
/// <param name="Text">Text lines read.</param>
public sealed record TimelineView(Timestamp At, string[] Labels, string[] Text)
{
    /// <summary>Per label (when tracked): the first sighting that put it in view.</summary>
    public Timestamp[]? Since { get; init; }

    /// <summary>When text is in view and tracked: the first sighting of it.</summary>
    public Timestamp? TextSince { get; init; }

    /// <summary>The labels (and <c>text</c>) that left the view with this view, each at the first view that missed it.</summary>
    public Departure[]? Left { get; init; }

    /// <summary>The labels a description of this view may say (<see cref="Description.SpeakRule"/>), a subset of <see cref="Labels"/>.</summary>
    public string[] Spoken { get; init; } = [];
}

/// <summary>A fact a description stated, with the frame it described.</summary>
/// <param name="At">Sensor time of the frame the description is of.</param>
/// <param name="Claim">The fact, with the detections behind it.</param>
/// <param name="Sentence">The sentence that said it.</param>
/// <param name="Reason">Why the description was given (the escalation reason).</param>
public sealed record SpokenClaim(Timestamp At, Claim Claim, string Sentence, string Reason);
