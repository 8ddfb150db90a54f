using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Tier 2 without a frame, at once: while the camera is missing no frame will come to carry an escalation, so a stream
/// change, a speech change or a user request is described from what the microphone and the stream states say.
/// </summary>
/// <remarks>
/// Design: any thread (the feed's for stream and speech changes, a command reader's for a user request). It takes
/// the pending reasons with one Interlocked.Exchange, so of two threads escalating at once exactly one carries each
/// reason, and the other returns without a decision. It reads only the stream state (volatile) and the values its
/// caller passes; the request goes through the hand-over's lock like any other.
/// </remarks>
internal sealed class FramelessEscalation(PendingReasons pending, DecisionLog decisions, Tier2Handover handover, StreamState streams, TimeProvider time)
{
    /// <summary>
    /// Escalates for <paramref name="reason"/> and whatever was pending, triggered at <paramref name="at"/> (sensor
    /// time; <paramref name="since"/> is when the trigger existed, the reference of the latencies);
    /// <paramref name="lastHop"/> and <paramref name="speech"/> are the fast path's latest.
    /// </summary>
    public void Escalate(EscalationReason reason, Timestamp at, Timestamp since, Timestamp lastHop, Evidence? speech)
    {
        reason |= pending.Take();
        if (reason == EscalationReason.None)
        {
            return; // the other thread took the pending reasons
        }
        var decided = Timestamp.Now(time);
        var record = new DecisionRecord(2, reason, at, lastHop, decided, TimeSpan.Zero, decided - since)
        {
            Frameless = true,
            Asked = (reason & EscalationReason.UserRequest) != 0 ? pending.TakeAsked() : null,
        };
        handover.Offer(default, new Tier2Snapshot(at, since, record with { Sequence = decisions.Add(record) }, null, 0, [], speech, null,
            streams.Camera, streams.Microphone));
    }
}
