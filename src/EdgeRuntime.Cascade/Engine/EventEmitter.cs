using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Turns the cascade's state changes into the event model (Frigate-style <c>new</c>/<c>update</c>/<c>end</c> per
/// tracked thing, counts, audio states, scene descriptions) on an <see cref="IEventSink"/>: speech segments (tier 1,
/// audio), faces in view (tier 1, vision), objects by label and text read (tier 2), descriptions, and each settled
/// tier-2 decision (<c>&lt;prefix&gt;/decisions</c>). Events made while a stream is missing carry <c>degraded</c>.
/// Counts events by type, and decisions by reason, for the end-of-run summary.
/// </summary>
/// <remarks>Design: called from the fast-path thread and the tier-2 worker; every field is guarded by <c>_gate</c>.</remarks>
public sealed class EventEmitter(IEventSink sink, TimeProvider time, string cameraSource = "camera", string microphoneSource = "microphone")
    : ICascadeObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _decisionsByReason = new(StringComparer.Ordinal);
    private TrackedObject? _speech;
    private TrackedObject? _faces;
    private bool _cameraMissing, _microphoneMissing;
    private long _emitted;

    /// <summary>Messages emitted so far (events, scenes, counts).</summary>
    public long Emitted => Interlocked.Read(ref _emitted);

    /// <summary>Events by kind, e.g. <c>speech/new</c>, <c>cup/end</c>, <c>scene</c>.</summary>
    public IReadOnlyDictionary<string, long> ByType
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_byType, StringComparer.Ordinal);
            }
        }
    }

    public void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd)
    {
        lock (_gate)
        {
            if (active)
            {
                _speech = Snapshot(microphoneSource, "speech", speech.Score, null, Modality.Audio, 1, at, null);
                Publish(EdgeEvent.Started(_speech, time), "speech");
                sink.PublishAudioState(microphoneSource, "speech", true);
            }
            else if (_speech is { } before)
            {
                PublishEnd(before, at, "speech");
                sink.PublishAudioState(microphoneSource, "speech", false);
                _speech = null;
            }
        }
    }

    /// <summary>
    /// Decisions published, by reason name (<c>scene_change</c>...), each reason of a decision counted, as
    /// <see cref="DecisionSummary.ByReason"/> counts them.
    /// </summary>
    public IReadOnlyDictionary<string, long> DecisionsByReason
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_decisionsByReason, StringComparer.Ordinal);
            }
        }
    }

    public void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame)
    {
        lock (_gate)
        {
            var best = faces.OrderByDescending(f => f.Box?.Area ?? 0).FirstOrDefault();
            if (best is not null)
            {
                var after = Snapshot(cameraSource, "face", best.Score, best.Box, Modality.Vision, 1, frame, null);
                if (_faces is { } before)
                {
                    after = after with { Id = before.Id, StartTime = before.StartTime };
                    Publish(EdgeEvent.Updated(before, after, time), "face");
                }
                else
                {
                    Publish(EdgeEvent.Started(after, time), "face");
                }
                _faces = after;
            }
            else if (_faces is { } gone)
            {
                PublishEnd(gone, frame, "face");
                _faces = null;
            }
            sink.PublishCount(cameraSource, "face", faces.Count);
        }
    }

    public void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame)
    {
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in objects.GroupBy(o => o.Label, StringComparer.Ordinal))
            {
                var best = group.MaxBy(o => o.Score)!;
                Track(group.Key, best, null, frame, seen);
                sink.PublishCount(cameraSource, group.Key, group.Count());
            }
            foreach (var line in text)
            {
                Track("text:" + line.Text, line, line.Text, frame, seen);
            }
            foreach (var key in _objects.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                var before = _objects[key];
                // a label the tracker let go ends when it was first missed; a text line replaced by another ends now
                var left = frame;
                foreach (var d in departed)
                {
                    if (d.Label == before.Label)
                    {
                        left = d.At;
                    }
                }
                PublishEnd(before, left, before.Label);
                if (!key.StartsWith("text:", StringComparison.Ordinal))
                {
                    sink.PublishCount(cameraSource, key, 0);
                }
                _objects.Remove(key);
            }
        }
    }

    private void Track(string key, Evidence evidence, string? text, Timestamp frame, HashSet<string> seen)
    {
        seen.Add(key);
        var after = Snapshot(cameraSource, evidence.Label, evidence.Score, evidence.Box, Modality.Vision, evidence.Tier, frame, text);
        if (_objects.TryGetValue(key, out var before))
        {
            after = after with { Id = before.Id, StartTime = before.StartTime };
            if (Math.Abs(before.Score - after.Score) >= 0.05f || before.Box != after.Box)
            {
                Publish(EdgeEvent.Updated(before, after, time), evidence.Label);
            }
        }
        else
        {
            // Frigate-style: a tracked object's event starts at its first sighting, not at the view that confirmed it.
            after = after with { MonotonicNs = (evidence.Since ?? frame).Nanoseconds };
            Publish(EdgeEvent.Started(after, time), evidence.Label);
        }
        _objects[key] = after;
    }

    public void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame)
    {
        var objects = description.Clauses.SelectMany(c => c.Evidence)
            .Where(e => e.Box is not null && e.Label != "text")
            .DistinctBy(e => (e.Label, e.Box))
            .GroupBy(e => e.Label, StringComparer.Ordinal)
            .Select(g => new LabelCount(g.Key, g.Count()))
            .ToList();
        var scene = new SceneDescription
        {
            Id = EventId.New(time),
            Text = description.Text,
            Objects = objects,
            People = objects.FirstOrDefault(o => o.Label == "person")?.Count ?? 0,
            Speech = description.Clauses.Any(c => c.Evidence.Any(e => e.Label == "speech")),
            ReadText = description.Clauses.SelectMany(c => c.Evidence).Where(e => e.Text is not null).Select(e => e.Text!).ToList(),
            Reason = EscalationReasonNames.Primary(reason),
            Tier = 2,
            Degraded = degraded,
            MonotonicNs = frame.Nanoseconds,
            Timestamp = EventId.UnixSeconds(time),
        };
        lock (_gate)
        {
            sink.PublishScene(scene);
            Count("scene");
        }
    }

    public void Decided(in DecisionRecord record)
    {
        var reasons = EscalationReasonNames.All(record.Reason);
        var decision = new CascadeDecision
        {
            Id = EventId.New(time),
            Sequence = record.Sequence,
            Tier = record.Tier,
            Reason = EscalationReasonNames.Primary(record.Reason),
            Reasons = reasons,
            Outcome = record.Superseded ? DecisionOutcome.Superseded : record.Failed ? DecisionOutcome.Failed : DecisionOutcome.Completed,
            Frameless = record.Frameless,
            MonotonicNs = record.Frame.Nanoseconds,
            AudioMonotonicNs = record.Audio == Timestamp.MinValue ? null : record.Audio.Nanoseconds,
            LatencyMs = record.Latency.TotalMilliseconds,
            FullLatencyMs = record.FullLatency?.TotalMilliseconds,
            Timestamp = EventId.UnixSeconds(time),
        };
        lock (_gate)
        {
            sink.PublishDecision(decision);
            Count(record.Superseded ? "decision/superseded" : record.Failed ? "decision/failed" : "decision/completed");
            foreach (var reason in reasons)
            {
                _decisionsByReason[reason] = _decisionsByReason.GetValueOrDefault(reason) + 1;
            }
        }
    }

    public void StreamChanged(SensorStream stream, bool missing, Timestamp at)
    {
        lock (_gate)
        {
            if (stream == SensorStream.Camera)
            {
                _cameraMissing = missing;
            }
            else
            {
                _microphoneMissing = missing;
            }
            var source = stream == SensorStream.Camera ? cameraSource : microphoneSource;
            var status = Snapshot(source, stream == SensorStream.Camera ? "camera_missing" : "microphone_missing", 1, null, Modality.Control, 0, at, null);
            Publish(missing ? EdgeEvent.Started(status, time) : EdgeEvent.Ended(status, status with { EndTime = EventId.UnixSeconds(time) }, time), "stream");
        }
    }

    private TrackedObject Snapshot(string source, string label, float score, Detectors.Box? box, Modality modality, int tier, Timestamp at, string? text) => new()
    {
        Id = EventId.New(time),
        Source = source,
        Label = label,
        Score = score,
        Box = box is { } b ? new BoundingBox(b.X, b.Y, b.W, b.H) : null,
        Modality = modality,
        Tier = tier,
        StartTime = EventId.UnixSeconds(time),
        MonotonicNs = at.Nanoseconds,
        Text = text,
        Degraded = Degraded(modality),
    };

    private bool Degraded(Modality modality) => modality == Modality.Vision ? _microphoneMissing : modality == Modality.Audio && _cameraMissing;

    // The end is produced now: it says whether a stream is missing now, not when the thing started.
    private void PublishEnd(TrackedObject before, Timestamp at, string kind) =>
        Publish(EdgeEvent.Ended(before, before with { EndTime = EventId.UnixSeconds(time), MonotonicNs = at.Nanoseconds, Degraded = Degraded(before.Modality) }, time), kind);

    private void Publish(EdgeEvent e, string kind)
    {
        sink.Publish(e);
        Count(kind + "/" + e.Type.ToString().ToLowerInvariant());
    }

    private void Count(string kind)
    {
        _byType[kind] = _byType.GetValueOrDefault(kind) + 1;
        Interlocked.Increment(ref _emitted);
    }
}
