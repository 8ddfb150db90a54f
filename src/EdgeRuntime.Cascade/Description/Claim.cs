namespace EdgeRuntime.Cascade.Description;

/// <summary>What kind of fact a clause states.</summary>
public enum ClaimKind
{
    /// <summary>So many of a label are in view (people included, as <c>person</c>).</summary>
    Object,

    /// <summary>Someone is speaking: a person in view named as the speaker, or someone out of view or unseen.</summary>
    Speaking,

    /// <summary>Text was read.</summary>
    Text,
}

/// <summary>
/// One fact a description states, as the composer rendered it, so its truth can be checked without re-reading the
/// English: "Two people; the one on the right is speaking." states <c>Object person 2</c> and <c>Speaking person</c>.
/// </summary>
/// <param name="Kind">What kind of fact.</param>
/// <param name="Subject">Object: the COCO label. Speaking: <see cref="SpeakerInView"/>, <see cref="SpeakerNobodyInView"/> or
/// <see cref="SpeakerUnseen"/>. Text: the text read.</param>
/// <param name="Count">Object: how many were said (the least, when <see cref="AtLeast"/>). Speaking: how many people were
/// said to be in view. Text: 1.</param>
/// <param name="Evidence">The detections the fact rests on (with their model and score).</param>
public sealed record Claim(ClaimKind Kind, string Subject, int Count, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>A person in view is named as the one speaking.</summary>
    public const string SpeakerInView = "person in view";

    /// <summary>"Someone is speaking, but nobody is in view."</summary>
    public const string SpeakerNobodyInView = "nobody in view";

    /// <summary>"Someone is speaking." (no camera, or nothing observed ties the voice to one of the people in view).</summary>
    public const string SpeakerUnseen = "someone";

    /// <summary>
    /// Label of the evidence that ties the voice to one of several people: their mouth region moved with the voice
    /// (<c>Fusion/MouthActivity.cs</c>); its score is the correlation.
    /// </summary>
    public const string MouthMotion = "mouth-motion";

    /// <summary>Object: the count is a lower bound ("at least two people").</summary>
    public bool AtLeast { get; init; }

    /// <summary>
    /// For a person in view named as the speaker: true when something observed ties the voice to them: with several in
    /// view, their mouth moving with the voice (<see cref="MouthMotion"/>); alone in view, that or their face in view
    /// (a <c>face</c> detection). Always true for other claims.
    /// </summary>
    public bool HasAttributionEvidence => Kind != ClaimKind.Speaking || Subject != SpeakerInView
        || Evidence.Any(e => e.Label == MouthMotion) || (Count == 1 && Evidence.Any(e => e.Label == "face"));
}
