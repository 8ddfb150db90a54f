using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// What the cascade reports. Calls come from the fast-path thread (speech, faces, superseded decisions), from the
/// tier-2 worker (views, descriptions, settled decisions) and from whichever thread marks a stream missing or asks for a
/// description while the camera is missing (streams, superseded decisions); implementations must be thread-safe. Only
/// state changes and tier-2 decisions are reported, so an implementation may allocate (event emission is outside the
/// zero-allocation budget).
/// </summary>
public interface ICascadeObserver
{
    /// <summary>A speech segment started (<paramref name="active"/>) or ended, at sensor time <paramref name="at"/>; <paramref name="hopEnd"/> is the hop that decided it.</summary>
    void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd);

    /// <summary>The number of faces tier 1 sees changed.</summary>
    void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame);

    /// <summary>
    /// Tier 2 produced the objects and text in view for a frame; <paramref name="departed"/> are the labels (and
    /// <c>text</c>) that left the view with it, each at the first view that missed it (valid only during the call);
    /// <paramref name="spoken"/> are the labels a description of this view may say (<see cref="Description.SpeakRule"/>),
    /// the rest being weaker evidence that is published but not spoken.
    /// </summary>
    void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame);

    /// <summary>Tier 2 composed a description.</summary>
    void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame);

    /// <summary>
    /// A tier-2 decision, once settled: tier 2 ran on it (<see cref="DecisionRecord.FullLatency"/> set, reported after
    /// its view and description) or a later escalation replaced it while it waited (<see cref="DecisionRecord.Superseded"/>).
    /// Frameless escalations are reported too. Decisions that stayed at tiers 0 and 1 are not: there is one per frame,
    /// and reporting them would make every frame allocate in most observers; they are in <see cref="CascadeEngine.Decisions"/>.
    /// </summary>
    void Decided(in DecisionRecord record);

    /// <summary>A stream went missing (<paramref name="missing"/>) or came back.</summary>
    void StreamChanged(SensorStream stream, bool missing, Timestamp at);
}
