using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// One observable cascade decision: the highest tier that ran for a frame, why it escalated or not, the timestamps of
/// the inputs it used, and how long the work took (sensor timestamp of the frame → decision complete).
/// </summary>
/// <param name="Sequence">Running number.</param>
/// <param name="Tier">Highest tier run: 0, 1 or 2.</param>
/// <param name="Reason">Why tier 2 ran, or None.</param>
/// <param name="Frame">Sensor timestamp of the frame.</param>
/// <param name="Audio">Sensor timestamp of the latest audio hop considered.</param>
/// <param name="Decided">Monotonic time the decision was taken.</param>
/// <param name="Compute">CPU-side compute spent on this frame by all tiers.</param>
/// <param name="Latency">Frame sensor timestamp → work complete.</param>
public readonly record struct DecisionRecord(
    long Sequence,
    int Tier,
    EscalationReason Reason,
    Timestamp Frame,
    Timestamp Audio,
    Timestamp Decided,
    TimeSpan Compute,
    TimeSpan Latency);
