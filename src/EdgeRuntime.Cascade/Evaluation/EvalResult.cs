using System.Text.Json.Serialization;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>The figures of one run mode (cascade or always-full) over one scenario or the whole set.</summary>
public sealed record ModeFigures
{
    public double SpeechFrameF1 { get; init; }
    public double SpeechSegmentF1 { get; init; }
    public double ObjectPrecision { get; init; }
    public double ObjectRecall { get; init; }
    public double Cer { get; init; }
    public double EscalationRate { get; init; }
    public double ComputeFastSeconds { get; init; }
    public double ComputeFullSeconds { get; init; }
    public double ComputeSeconds { get; init; }
    /// <summary>Per frame (and speech-changing hop): sensor timestamp → tiers 0/1 done, whether or not anything was emitted.</summary>
    public double FastP50Ms { get; init; }
    public double FastP95Ms { get; init; }
    public double FastP99Ms { get; init; }

    /// <summary>Per event, the end-to-end figure: sensor timestamp → event emitted, every event.</summary>
    public double EventP50Ms { get; init; }
    public double EventP95Ms { get; init; }
    public double EventP99Ms { get; init; }

    /// <summary>Events the event percentiles are over.</summary>
    public long LatencyEvents { get; init; }

    /// <summary>Per event of the fast path (speech, faces): sensor timestamp → event emitted.</summary>
    public double FastEventP50Ms { get; init; }
    public double FastEventP95Ms { get; init; }
    public double FastEventP99Ms { get; init; }

    /// <summary>Per event of tier 2 (objects, text, descriptions): sensor timestamp → event emitted.</summary>
    public double FullEventP50Ms { get; init; }
    public double FullEventP95Ms { get; init; }
    public double FullEventP99Ms { get; init; }
    public double FullP50Ms { get; init; }
    public double FullP95Ms { get; init; }
    public double FullP99Ms { get; init; }
    public long FullRuns { get; init; }
    public long DroppedFrames { get; init; }
    public long Frames { get; init; }
    public double SteadyBytesPerFrame { get; init; }
    public double PeakRssMb { get; init; }

    /// <summary>What the spoken descriptions claimed, judged against the annotated truth (<see cref="ClaimScoring"/>).</summary>
    public ClaimFigures Claims { get; init; } = new();
}

/// <summary>Spoken claims of one kind: how many, how many false, how many merely acceptable.</summary>
public sealed record KindFigures
{
    public long Claims { get; init; }
    public long False { get; init; }
    public long Acceptable { get; init; }

    /// <summary>(claims − false) / claims; 1 when nothing was claimed.</summary>
    public double Precision { get; init; }
}

/// <summary>The claims metric of one run mode: precision per kind, recall of spoken objects, and what was wrong.</summary>
public sealed record ClaimFigures
{
    /// <summary>Object claims: label and count ("two people", "a cup").</summary>
    public KindFigures Objects { get; init; } = new();

    /// <summary>"... is speaking" attributions.</summary>
    public KindFigures Speaking { get; init; } = new();

    /// <summary>Text read aloud.</summary>
    public KindFigures Text { get; init; } = new();

    /// <summary>Persons named as the speaker with nothing observed tying the voice to them (<see cref="Description.Claim.HasAttributionEvidence"/>).</summary>
    public long AttributionsWithoutEvidence { get; init; }

    /// <summary>Objects in view for at least 2 s (one per shot and label), and how many of them a description named.</summary>
    public long ObjectsInView { get; init; }

    public long ObjectsSaid { get; init; }

    /// <summary>ObjectsSaid / ObjectsInView (1 when nothing was in view).</summary>
    public double SpokenObjectRecall { get; init; }

    /// <summary>Per scenario (null in the total): every false claim.</summary>
    public IReadOnlyList<FalseClaim>? FalseClaims { get; init; }

    /// <summary>Per scenario (null in the total): every object in view for at least 2 s that no description named.</summary>
    public IReadOnlyList<MissedObject>? Missed { get; init; }
}

/// <summary>A false claim: where, what was said, what was there, and the detections it came from.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Seconds">Sensor seconds since the recording began.</param>
/// <param name="Kind">object, speaking or text.</param>
/// <param name="Claim">What was claimed, e.g. "horse x3".</param>
/// <param name="Sentence">The sentence that said it.</param>
/// <param name="Why">What the truth says there.</param>
/// <param name="Detections">The detections behind the claim.</param>
public sealed record FalseClaim(string Scenario, double Seconds, string Kind, string Claim, string Sentence, string Why, IReadOnlyList<ClaimDetection> Detections);

/// <summary>One detection behind a claim.</summary>
/// <param name="Model">Producing model (centernet, blazeface, silero-vad, ppocr ...).</param>
/// <param name="Label">Its label.</param>
/// <param name="Score">Its confidence.</param>
public sealed record ClaimDetection(string Model, string Label, float Score);

/// <summary>An object in view for at least 2 s that no description named.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Start">Shot start, seconds.</param>
/// <param name="End">Shot end, seconds.</param>
/// <param name="Image">Catalog photo.</param>
/// <param name="Label">COCO label.</param>
public sealed record MissedObject(string Scenario, double Start, double End, string Image, string Label);

/// <summary>One scenario: both modes and how well the cascade agreed with always-full.</summary>
public sealed record ScenarioFigures
{
    public required string Name { get; init; }
    public double Seconds { get; init; }
    public required ModeFigures Cascade { get; init; }
    public required ModeFigures AlwaysFull { get; init; }
    /// <summary>Event agreement of the cascade with always-full (<see cref="Scoring.EventAgreement(Replay.RunReport, Replay.RunReport)"/>).</summary>
    public double Agreement { get; init; }

    /// <summary>Events both runs published, and those matched, behind <see cref="Agreement"/>.</summary>
    public long Events { get; init; }

    public long EventsMatched { get; init; }

    /// <summary>
    /// Agreement of the cascade's spoken claims (and speech, face and text events) with always-full's
    /// (<see cref="Scoring.SpokenAgreement"/>): issue 19's acceptance figure; <see cref="Agreement"/> counts weak labels too.
    /// </summary>
    public double SpokenAgreement { get; init; }

    /// <summary>Events behind <see cref="SpokenAgreement"/>, both runs.</summary>
    public long SpokenEvents { get; init; }

    /// <summary>Pairs of events matched behind <see cref="SpokenAgreement"/>.</summary>
    public long SpokenEventsMatched { get; init; }

    /// <summary>Reported state agreement sampled every 0.5 s (<see cref="Scoring.StateAgreement"/>).</summary>
    public double StateAgreement { get; init; }

    public double ComputeRatio { get; init; }

    /// <summary>
    /// Always-full against its own second run (<c>edge eval --repeat-baseline</c>), or null: the agreement the baseline
    /// reaches with itself, which bounds what any agreement against one run of it can show.
    /// </summary>
    public RunAgreement? BaselineRepeat { get; init; }

    /// <summary>
    /// Per scenario (null in the total): every event each run published, in sensor seconds since the recording began,
    /// and whether it found a partner in the other run, for working out what the agreement figure is made of.
    /// </summary>
    public IReadOnlyList<PublishedEvent>? CascadeEvents { get; init; }

    /// <summary>Always-full's events (see <see cref="CascadeEvents"/>).</summary>
    public IReadOnlyList<PublishedEvent>? AlwaysFullEvents { get; init; }
}

/// <summary>One event a run published, as the agreement figure matched it.</summary>
/// <param name="Key">What changed: <c>label/new</c> or <c>label/end</c> (labels include speech, face and text).</param>
/// <param name="Seconds">Sensor time since the recording began.</param>
/// <param name="Matched">Whether the other run published the same change within the tolerance.</param>
public sealed record PublishedEvent(string Key, double Seconds, bool Matched);

/// <summary>How well two runs agreed: events matched one to one (<see cref="Scoring.EventAgreement(Replay.RunReport, Replay.RunReport)"/>) and state sampled every 0.5 s.</summary>
public sealed record RunAgreement
{
    /// <summary>2 × matched pairs / all events of both runs.</summary>
    public double Agreement { get; init; }

    /// <summary>Events both runs published.</summary>
    public long Events { get; init; }

    /// <summary>Pairs of events matched.</summary>
    public long EventsMatched { get; init; }

    /// <summary>Fraction of 0.5 s samples where both runs reported the same labels and speech state.</summary>
    public double StateAgreement { get; init; }

    /// <summary>Agreement over the spoken claims' events (<see cref="Scoring.SpokenAgreement"/>).</summary>
    public double SpokenAgreement { get; init; }

    /// <summary>Events behind <see cref="SpokenAgreement"/>, both runs.</summary>
    public long SpokenEvents { get; init; }

    /// <summary>Pairs matched behind <see cref="SpokenAgreement"/>.</summary>
    public long SpokenEventsMatched { get; init; }
}

/// <summary>The whole evaluation, as <c>edge eval --json</c> writes it.</summary>
public sealed record EvalResult
{
    public required string Machine { get; init; }
    public required string Command { get; init; }
    public bool RealTime { get; init; }
    public required IReadOnlyList<ScenarioFigures> Scenarios { get; init; }
    public required ScenarioFigures Total { get; init; }
}

/// <summary>Reflection-free JSON for evaluation results (a percentile without samples is written <c>"NaN"</c>).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvalResult))]
public sealed partial class EvalJson : JsonSerializerContext;
