using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>Forwards every report to several observers in order.</summary>
public sealed class CompositeObserver(params ICascadeObserver[] observers) : ICascadeObserver
{
    public void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd)
    {
        foreach (var o in observers)
        {
            o.SpeechChanged(active, speech, at, hopEnd);
        }
    }

    public void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame)
    {
        foreach (var o in observers)
        {
            o.FacesChanged(faces, frame);
        }
    }

    public void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame)
    {
        foreach (var o in observers)
        {
            o.ViewChanged(objects, text, departed, spoken, frame);
        }
    }

    public void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame)
    {
        foreach (var o in observers)
        {
            o.Described(description, reason, degraded, frame);
        }
    }

    public void Decided(in DecisionRecord record)
    {
        foreach (var o in observers)
        {
            o.Decided(record);
        }
    }

    public void StreamChanged(SensorStream stream, bool missing, Timestamp at)
    {
        foreach (var o in observers)
        {
            o.StreamChanged(stream, missing, at);
        }
    }
}
