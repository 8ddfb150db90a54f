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
}

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
