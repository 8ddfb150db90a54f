using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>Holds the tier-2 worker inside its first view report until released, so the test knows it is busy.</summary>
internal sealed class BusyWorker : ICascadeObserver, IDisposable
{
    public ManualResetEventSlim Entered { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    public void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame)
    {
        if (!Entered.IsSet)
        {
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(60)); // a test that never releases it still ends
        }
    }

    public void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd)
    {
    }

    public void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame)
    {
    }

    public void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame)
    {
    }

    public void Decided(in DecisionRecord record)
    {
    }

    public void StreamChanged(SensorStream stream, bool missing, Timestamp at)
    {
    }

    public void Dispose()
    {
        Release.Set();
        Entered.Dispose();
        Release.Dispose();
    }
}
