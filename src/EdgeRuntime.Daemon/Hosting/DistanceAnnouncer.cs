using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Output.Speech;
using EdgeRuntime.Sensors.Distance;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// The obstacle-distance sensor's voice and MQTT topics: its state on <c>&lt;prefix&gt;/distance</c>, an obstacle's
/// arrival and departure as <c>new</c>/<c>end</c> events (label <c>obstacle</c>, modality <c>range</c>) on
/// <c>&lt;prefix&gt;/events</c>, and its sentences through the shared <see cref="SpeechOutput"/> as urgent (a warning
/// interrupts a description; mute still silences it).
/// </summary>
/// <remarks>Design: called only from the distance component's loop, which owns <c>_obstacle</c>; the sink and the speech output are thread-safe.</remarks>
internal sealed class DistanceAnnouncer(DistanceOptions options, IEventSink events, SpeechOutput? speech, TimeProvider time) : IDistanceListener
{
    private TrackedObject? _obstacle;

    public void Reported(DistanceReading reading) => events.PublishDistance(new DistanceState
    {
        Source = options.Name,
        DistanceMm = reading.DistanceMm,
        Obstacle = reading.Obstacle,
        Available = reading.Available,
        Error = reading.Error,
        MonotonicNs = reading.At.Nanoseconds,
        Timestamp = EventId.UnixSeconds(time),
    });

    public void ObstacleArrived(int distanceMm, Timestamp at)
    {
        _obstacle = new TrackedObject
        {
            Id = EventId.New(time),
            Source = options.Name,
            Label = "obstacle",
            Score = 1,
            Modality = Modality.Range,
            Tier = 0,
            StartTime = EventId.UnixSeconds(time),
            MonotonicNs = at.Nanoseconds,
            DistanceMm = distanceMm,
        };
        events.Publish(EdgeEvent.Started(_obstacle, time));
    }

    public void ObstacleLeft(int? distanceMm, Timestamp at)
    {
        if (_obstacle is not { } before)
        {
            return;
        }
        events.Publish(EdgeEvent.Ended(before, before with { EndTime = EventId.UnixSeconds(time), MonotonicNs = at.Nanoseconds, DistanceMm = distanceMm }, time));
        _obstacle = null;
    }

    public void Say(string sentence) => speech?.Say(sentence, urgent: true);
}
