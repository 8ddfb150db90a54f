using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Time;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>
/// One cascade run: engine, event emitter (when a sink is given), the feed and, for evaluation only, a timeline
/// recorder wired together; returns the <see cref="RunReport"/>. Used by <c>edge run</c>, by <c>edge eval</c> and by
/// the end-to-end tests, always with the real models, and always through the live feed (<see cref="RecordingFeed"/>
/// for a recording).
/// </summary>
/// <remarks>
/// The <see cref="TimelineRecorder"/> keeps every view, face count, description and tier-2 decision of the run, which
/// scoring needs and nothing else reads: only an evaluation passes one. Without it a run keeps nothing per frame or per
/// tier-2 pass beyond the engine's fixed-size rings, so a daemon that runs for months does not grow.
/// </remarks>
public static class CascadeSession
{
    /// <summary>
    /// Plays <paramref name="replay"/> through the replay sensors, the rings and the live feed on the calling thread;
    /// tier 2 runs on the engine's worker. <paramref name="timeline"/> (evaluation only) records what the run saw.
    /// </summary>
    public static RunReport Run(CascadeOptions options, CascadeModels models, ReplayOptions replay, IEventSink? sink,
        TimeProvider time, Action<CascadeEngine>? started = null, CancellationToken cancellationToken = default,
        ICascadeObserver? extraObserver = null, TimelineRecorder? timeline = null, ILogger? logger = null) =>
        Run(options, models, RecordingFeed.For(replay, time), sink, time, started, cancellationToken, extraObserver, timeline, logger);

    /// <summary>
    /// Runs <paramref name="feed"/> (the live sensor rings) on the calling thread; tier 2 runs on the engine's worker.
    /// The feed gets the engine, a count of records emitted so far, and the token. Only <c>edge eval</c> and tests pass
    /// <paramref name="timeline"/>: what it keeps grows with the run, which a daemon must not. <paramref name="logger"/>
    /// hears of failed tier-2 passes; when tier 2 failed for good the feed ends with <see cref="CascadeFailedException"/>,
    /// which this rethrows.
    /// </summary>
    public static RunReport Run(CascadeOptions options, CascadeModels models, Func<CascadeEngine, Func<long>, CancellationToken, ReplayResult> feed,
        IEventSink? sink, TimeProvider time, Action<CascadeEngine>? started = null, CancellationToken cancellationToken = default,
        ICascadeObserver? extraObserver = null, TimelineRecorder? timeline = null, ILogger? logger = null)
    {
        var emitter = sink is null ? null : new EventEmitter(sink, time);
        var observers = new List<ICascadeObserver>(3);
        if (emitter is not null)
        {
            observers.Add(emitter);
        }
        if (timeline is not null)
        {
            observers.Add(timeline);
        }
        if (extraObserver is not null)
        {
            observers.Add(extraObserver);
        }
        ICascadeObserver observer = observers.Count == 1 ? observers[0] : new CompositeObserver([.. observers]);
        using var engine = new CascadeEngine(options, models, observer, time, logger);
        started?.Invoke(engine);
        var result = feed(engine, () => (emitter?.Emitted ?? 0) + (timeline?.Recorded ?? 0), cancellationToken);
        if (!cancellationToken.IsCancellationRequested)
        {
            engine.WaitIdle(TimeSpan.FromSeconds(30)); // the end of input: let tier 2 settle what it was asked
        }
        else
        {
            engine.InterruptTier2(); // a stop: the pass in hand ends at its current model call, not after a full pass
        }
        var end = result.Origin + TimeSpan.FromSeconds(result.Seconds);
        var (fast, full) = engine.Compute;
        var recorded = timeline?.Snapshot(end) ?? Timeline.Empty;
        return new RunReport
        {
            Replay = result,
            Decisions = engine.Decisions.Snapshot(),
            EventsByType = emitter?.ByType ?? new Dictionary<string, long>(),
            DecisionsPublishedByReason = emitter?.DecisionsByReason ?? new Dictionary<string, long>(),
            FastLatencyMs = engine.FastLatency.SortedMilliseconds(),
            FullLatencyMs = engine.FullLatency.SortedMilliseconds(),
            RequestLatencyMs = engine.RequestLatency.SortedMilliseconds(),
            FastEventLatencyMs = engine.FastEventLatency.SortedMilliseconds(),
            FullEventLatencyMs = engine.FullEventLatency.SortedMilliseconds(),
            DetectorComputeMs = engine.DetectorCompute.SortedMilliseconds(),
            TextComputeMs = engine.TextCompute.SortedMilliseconds(),
            FastCompute = fast,
            Tier1Compute = engine.Tier1Compute,
            FullCompute = full,
            Tier2Runs = recorded.Decisions.Where(d => d.Tier2Compute is not null)
                .Select(d => ((d.Frame - result.Origin).TotalSeconds, d.Tier2Compute!.Value.TotalMilliseconds)).ToList(),
            SupersededEscalations = engine.Superseded,
            Tier2Failures = engine.Tier2Failures,
            PeakRssBytes = RunReport.ReadPeakRss(),
            Timeline = recorded,
        };
    }

    /// <summary>Recording seconds of a sensor timestamp in a run.</summary>
    public static double Seconds(RunReport report, Timestamp t) => (t - report.Replay.Origin).TotalSeconds;
}
