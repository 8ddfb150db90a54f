namespace EdgeRuntime.Core.Events;

/// <summary>
/// A snapshot of one tracked thing (a person, a face, a text region, a speech segment, a sound) at one moment:
/// the <c>before</c> and <c>after</c> parts of an <see cref="EdgeEvent"/>.
/// </summary>
public sealed record TrackedObject
{
    /// <summary>The tracked thing's id, the same in every event about it (e.g. <c>1763805800.123456-k3x9qa</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The source it was seen on: a camera or microphone name from configuration, e.g. <c>front</c>.</summary>
    public required string Source { get; init; }

    /// <summary>What it is: a detector label (<c>person</c>, <c>face</c>, <c>text</c>, <c>speech</c>, ...).</summary>
    public required string Label { get; init; }

    /// <summary>Confidence of the label, 0..1.</summary>
    public required float Score { get; init; }

    /// <summary>Where it is in the frame; null for audio-only things.</summary>
    public BoundingBox? Box { get; init; }

    /// <summary>Which stream(s) it came from.</summary>
    public required Modality Modality { get; init; }

    /// <summary>The cascade tier that produced this snapshot: 0 gates, 1 fast unimodal, 2 full fusion.</summary>
    public required int Tier { get; init; }

    /// <summary>When it was first seen, Unix seconds (Frigate's <c>start_time</c>).</summary>
    public required double StartTime { get; init; }

    /// <summary>When it was last seen as gone, Unix seconds; null while it is still present.</summary>
    public double? EndTime { get; init; }

    /// <summary>The monotonic timestamp (CLOCK_MONOTONIC ns) of the frame or audio hop this snapshot describes.</summary>
    public required long MonotonicNs { get; init; }

    /// <summary>Recognised text (OCR, speech transcript) when the label carries one.</summary>
    public string? Text { get; init; }

    /// <summary>How far away it is in millimetres, when a range sensor measured it (an <c>obstacle</c>).</summary>
    public int? DistanceMm { get; init; }

    /// <summary>True when the cascade ran without one of its streams (degraded mode) for this snapshot.</summary>
    public bool Degraded { get; init; }
}
