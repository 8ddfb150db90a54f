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
/// <param name="Count">Object: how many were said. Speaking: how many people were said to be in view. Text: 1.</param>
/// <param name="Evidence">The detections the fact rests on (with their model and score).</param>
public sealed record Claim(ClaimKind Kind, string Subject, int Count, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>A person in view is named as the one speaking.</summary>
    public const string SpeakerInView = "person in view";

    /// <summary>"Someone is speaking, but nobody is in view."</summary>
    public const string SpeakerNobodyInView = "nobody in view";

    /// <summary>"Someone is speaking." (no camera: nothing said about who is in view).</summary>
    public const string SpeakerUnseen = "someone";
}
