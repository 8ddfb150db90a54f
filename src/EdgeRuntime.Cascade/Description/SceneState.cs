using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Description;

/// <summary>The structured scene the composer turns into sentences; built by the fusion tier.</summary>
/// <param name="Timestamp">Sensor timestamp the state describes.</param>
/// <param name="Objects">Objects in view (people included), from the full detector or, for people, faces.</param>
/// <param name="Speech">The speech detection while someone is speaking, else null.</param>
/// <param name="Speaker">The person the speech is attributed to (one of <paramref name="Objects"/>), else null.</param>
/// <param name="Text">Text lines read in view.</param>
/// <param name="CameraMissing">Stream-monitor evidence that the camera is missing, else null.</param>
/// <param name="MicrophoneMissing">Stream-monitor evidence that the microphone is missing, else null.</param>
/// <param name="Faces">Tier 1's confirmed faces in view (they confirm a weaker person box they lie in).</param>
/// <param name="SpeakerEvidence">What ties the voice to <paramref name="Speaker"/>: their mouth moving with it
/// (<see cref="Claim.MouthMotion"/>), or their face in view (<c>face</c>, enough when they are the one person in view);
/// null when nothing does, and then no one is named.</param>
/// <param name="MostSeen">Per label, the most detections one recent view held (the tracker's streak): when the latest
/// view holds fewer, its count is said only as a lower bound.</param>
/// <param name="NewView">The view has had too few looks for an absence to be said ("nobody is in view").</param>
public sealed record SceneState(
    Timestamp Timestamp,
    IReadOnlyList<Evidence> Objects,
    Evidence? Speech,
    Evidence? Speaker,
    IReadOnlyList<Evidence> Text,
    Evidence? CameraMissing = null,
    Evidence? MicrophoneMissing = null,
    IReadOnlyList<Evidence>? Faces = null,
    Evidence? SpeakerEvidence = null,
    IReadOnlyDictionary<string, int>? MostSeen = null,
    bool NewView = false)
{
    /// <summary>Tier 1's confirmed faces in view (never null).</summary>
    public IReadOnlyList<Evidence> Faces { get; init; } = Faces ?? [];
}

/// <summary>One sentence of a description and the detections it rests on (never empty).</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Evidence">The detections behind it.</param>
public sealed record Clause(string Text, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>The facts the sentence states (none for stream problems and departures), for scoring what was said.</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];
}

/// <summary>A composed description: its clauses and their sentences joined.</summary>
/// <param name="Text">The whole description, e.g. "A person ahead is speaking. A cup on the right."</param>
/// <param name="Clauses">The clauses, each with its evidence.</param>
/// <param name="Timestamp">Sensor timestamp of the state it describes.</param>
public sealed record ComposedDescription(string Text, IReadOnlyList<Clause> Clauses, Timestamp Timestamp)
{
    /// <summary>True when nothing could be said with evidence.</summary>
    public bool IsEmpty => Clauses.Count == 0;
}
