using EdgeRuntime.Core.Events.Commands;

namespace EdgeRuntime.Core.Events;

/// <summary>
/// Where the cascade's output goes: the MQTT publisher (durable outbox, QoS 1) or the console/JSONL sink.
/// Every <c>Publish*</c> call is non-blocking and thread-safe: it queues the message and returns; a background loop
/// serializes, journals and sends it. Lifecycle: <see cref="StartAsync"/> once, publish, then
/// <see cref="IAsyncDisposable.DisposeAsync"/> (which publishes <c>stopped</c> and drains within a short budget).
/// </summary>
public interface IEventSink : ICommandSource, IAsyncDisposable
{
    /// <summary>Short name for logs: <c>mqtt</c> or <c>console</c>.</summary>
    string Name { get; }

    /// <summary>Starts the background loop (and the broker connection); returns without waiting for the broker.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Queues an event for <c>&lt;prefix&gt;/events</c>.</summary>
    void Publish(EdgeEvent e);

    /// <summary>Queues the latest scene description for <c>&lt;prefix&gt;/scene</c> (retained).</summary>
    void PublishScene(SceneDescription scene);

    /// <summary>Queues a settled tier-2 decision for <c>&lt;prefix&gt;/decisions</c> (best effort: not journaled, not retained).</summary>
    void PublishDecision(CascadeDecision decision);

    /// <summary>Queues stats for <c>&lt;prefix&gt;/stats</c>; the sink fills in <see cref="PipelineStats.Output"/>.</summary>
    void PublishStats(PipelineStats stats);

    /// <summary>Queues a count for <c>&lt;prefix&gt;/&lt;source&gt;/&lt;label&gt;</c> (e.g. people in view; retained).</summary>
    void PublishCount(string source, string label, int count);

    /// <summary>Queues <c>ON</c>/<c>OFF</c> for <c>&lt;prefix&gt;/&lt;source&gt;/audio/&lt;audioType&gt;</c> (e.g. speech; retained).</summary>
    void PublishAudioState(string source, string audioType, bool on);

    /// <summary>Queues <c>ON</c>/<c>OFF</c> for <c>&lt;prefix&gt;/&lt;source&gt;/motion</c> (the tier-0 motion gate; retained).</summary>
    void PublishMotion(string source, bool on);

    /// <summary>Queues a level for <c>&lt;prefix&gt;/&lt;source&gt;/audio/dBFS</c> (not journaled: the next one supersedes it).</summary>
    void PublishAudioLevel(string source, float dbfs);

    /// <summary>Queues the obstacle-distance sensor's state for <c>&lt;prefix&gt;/distance</c> (retained; not journaled: the next one supersedes it).</summary>
    void PublishDistance(DistanceState state);

    /// <summary>Queues the state of a commandable feature for <c>&lt;prefix&gt;/&lt;feature&gt;/state</c> (retained), e.g. mute ON.</summary>
    void PublishState(string feature, string state);

    /// <summary>Completes when everything queued before the call has been delivered (acknowledged by the broker).</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Current counters.</summary>
    OutputStats Stats { get; }
}
