using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// One observable cascade decision: the highest tier that ran for a frame, why it escalated or not, the timestamps of
/// the inputs it used, and how long it took: the fast path's latency (sensor timestamp → decision taken) on every
/// record, and for a tier-2 decision, once tier 2 has run, the full latency (sensor timestamp → description composed).
/// A value type, so the per-frame record allocates nothing.
/// </summary>
/// <param name="Tier">Highest tier run: 0, 1 or 2.</param>
/// <param name="Reason">Why tier 2 ran, or None.</param>
/// <param name="Frame">
/// Sensor timestamp of the frame; for a <see cref="Frameless"/> escalation, of what triggered it (the stream change,
/// the audio hop that started or ended speech, the user request).
/// </param>
/// <param name="Audio">Sensor timestamp of the latest audio hop considered (MinValue before the first).</param>
/// <param name="Decided">Monotonic time the decision was taken.</param>
/// <param name="Compute">CPU-side compute tiers 0 and 1 and the policy spent on this frame.</param>
/// <param name="Latency">Sensor timestamp → decision taken.</param>
public readonly record struct DecisionRecord(
    int Tier,
    EscalationReason Reason,
    Timestamp Frame,
    Timestamp Audio,
    Timestamp Decided,
    TimeSpan Compute,
    TimeSpan Latency)
{
    /// <summary>Running number in the <see cref="DecisionLog"/>, from 0; assigned by <see cref="DecisionLog.Add"/>.</summary>
    public long Sequence { get; init; }

    /// <summary>
    /// A tier-2 escalation without a frame: the camera is missing, so tier 2 describes what the microphone and the
    /// stream states say (on a stream change, on speech starting or ending, on a user request).
    /// </summary>
    public bool Frameless { get; init; }

    /// <summary>Tier 2 only, once it ran: sensor timestamp → description composed. Null while waiting or running, and when superseded.</summary>
    public TimeSpan? FullLatency { get; init; }

    /// <summary>Tier 2 only, once it ran: the pass's compute (detector, OCR, tracking, description). Null otherwise.</summary>
    public TimeSpan? Tier2Compute { get; init; }

    /// <summary>
    /// Tier 2 only, for a user request: when the user asked (monotonic; the oldest of the requests it answers), so the
    /// answer's latency is measured from the press rather than from the frame that carried it.
    /// </summary>
    public Timestamp? Asked { get; init; }

    /// <summary>Tier 2 only: the pass threw (logged with its model and frame, counted); the next pass ran as usual.</summary>
    public bool Failed { get; init; }

    /// <summary>Tier 2 only: a later escalation replaced this one while it waited for the busy worker, so tier 2 never ran on it.</summary>
    public bool Superseded { get; init; }

    /// <summary>
    /// Tier 0's compute since the previous frame's record: this frame's gates (luma, motion, scene signature, cut) and
    /// the sound level of the audio hops fed before it; with <see cref="Tier1Compute"/>, the compute per tier over time.
    /// </summary>
    public TimeSpan Tier0Compute { get; init; }

    /// <summary>Tier 1's compute since the previous frame's record: this frame's face detector and the VAD on the hops before it.</summary>
    public TimeSpan Tier1Compute { get; init; }
}
