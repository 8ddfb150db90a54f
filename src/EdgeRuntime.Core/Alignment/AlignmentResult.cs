using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Alignment;

/// <summary>The state of a frame's audio window.</summary>
public enum AlignmentStatus
{
    /// <summary>The audio bound passed the window's end: the window holds all the audio there will ever be for it.</summary>
    Complete,

    /// <summary>Not yet: the audio bound is short of the window's end and the latency budget has not run out.</summary>
    Pending,

    /// <summary>The latency budget ran out first: the window holds what had arrived (possibly nothing).</summary>
    Partial,

    /// <summary>The audio stream is missing (or ended before the window): the window holds what exists, and the consumer runs unimodally.</summary>
    AudioMissing,
}

/// <summary>A frame's audio window and how it came about.</summary>
/// <param name="Status">Complete, partial or missing (never pending once returned by <see cref="Aligner.AlignAsync"/>).</param>
/// <param name="Window">The samples, in place in the ring (empty when there are none).</param>
/// <param name="FrameTime">The frame's timestamp.</param>
/// <param name="From">The requested window start (frame time − before).</param>
/// <param name="To">The requested window end (frame time + after).</param>
public readonly record struct AlignmentResult(AlignmentStatus Status, AudioWindow Window, Timestamp FrameTime, Timestamp From, Timestamp To)
{
    /// <summary>True when the window has samples for the whole requested range.</summary>
    public bool IsWhole => Status == AlignmentStatus.Complete && !Window.IsEmpty && Window.MissingNanoseconds == 0 && !Window.Truncated;
}
