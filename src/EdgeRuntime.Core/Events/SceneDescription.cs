namespace EdgeRuntime.Core.Events;

/// <summary>
/// The latest description of the whole scene, published retained on <c>&lt;prefix&gt;/scene</c> and spoken:
/// the sentence plus the structured parts it was made from.
/// </summary>
public sealed record SceneDescription
{
    /// <summary>The payload schema version.</summary>
    public int Schema { get; init; } = EventSchema.Version;

    /// <summary>This description's stable id.</summary>
    public required string Id { get; init; }

    /// <summary>The sentence, e.g. "Two people in view; one is speaking. A sign reads EXIT."</summary>
    public required string Text { get; init; }

    /// <summary>What is in view, by label, with counts.</summary>
    public IReadOnlyList<LabelCount> Objects { get; init; } = [];

    /// <summary>People currently in view (also a Home Assistant sensor).</summary>
    public int People { get; init; }

    /// <summary>Whether speech is heard now.</summary>
    public bool Speech { get; init; }

    /// <summary>Text read in view (OCR), if any.</summary>
    public IReadOnlyList<string> ReadText { get; init; } = [];

    /// <summary>Why the description was made: <c>periodic</c>, <c>scene_change</c>, <c>user</c>, <c>disagreement</c>, ...</summary>
    public required string Reason { get; init; }

    /// <summary>The highest tier that contributed.</summary>
    public int Tier { get; init; }

    /// <summary>True when a stream was missing and the description is unimodal.</summary>
    public bool Degraded { get; init; }

    /// <summary>The monotonic timestamp (ns) the description refers to.</summary>
    public required long MonotonicNs { get; init; }

    /// <summary>When it was made, Unix seconds.</summary>
    public required double Timestamp { get; init; }
}

/// <summary>How many things of one label are in view.</summary>
public sealed record LabelCount(string Label, int Count);
