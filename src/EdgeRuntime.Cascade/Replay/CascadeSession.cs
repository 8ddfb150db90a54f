using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>
/// One cascade run over a recording: engine, event emitter (when a sink is given), timeline recorder and replay wired
/// together; returns the <see cref="RunReport"/>. Used by <c>edge run</c> on replay profiles, by <c>edge eval</c> and by
/// the end-to-end tests, always with the real models.
/// </summary>
public static class CascadeSession
{
    /// <summary>Runs the replay on the calling thread; tier 2 runs on the engine's worker.</summary>
    public static RunReport Run(CascadeOptions options, CascadeModels models, ReplayOptions replay, IEventSink? sink,
        TimeProvider time, Action<CascadeEngine>? started = null, CancellationToken cancellationToken = default,
        ICascadeObserver? extraObserver = null) =>
        Run(options, models, (engine, emitted, token) => new ScenarioReplay(replay, time).Run(engine, emitted, token),
            sink, time, started, cancellationToken, extraObserver);

    /// <summary>
    /// Runs <paramref name="feed"/> (a recording or the live sensor rings) on the calling thread; tier 2 runs on the
    /// engine's worker. The feed gets the engine, a count of records emitted so far, and the token.
    /// </summary>
    public static RunReport Run(CascadeOptions options, CascadeModels models, Func<CascadeEngine, Func<long>, CancellationToken, ReplayResult> feed,
        IEventSink? sink, TimeProvider time, Action<CascadeEngine>? started = null, CancellationToken cancellationToken = default,
        ICascadeObserver? extraObserver = null)
    {
        var timeline = new TimelineRecorder();
        var emitter = sink is null ? null : new EventEmitter(sink, time);
        var observers = new List<ICascadeObserver> { timeline };
        if (emitter is not null)
        {
            observers.Insert(0, emitter);
        }
        if (extraObserver is not null)
        {
            observers.Add(extraObserver);
        }
        ICascadeObserver observer = observers.Count == 1 ? timeline : new CompositeObserver([.. observers]);
        using var engine = new CascadeEngine(options, models, observer, time);
        started?.Invoke(engine);
        var result = feed(engine, () => (emitter?.Emitted ?? 0) + timeline.Recorded, cancellationToken);
        engine.WaitIdle(TimeSpan.FromSeconds(30));
        var end = result.Origin + TimeSpan.FromSeconds(result.Seconds);
        var (fast, full) = engine.Compute;
        return new RunReport
        {
            Replay = result,
            Decisions = engine.Decisions.Snapshot(),
            EventsByType = emitter?.ByType ?? new Dictionary<string, long>(),
            DecisionsPublishedByReason = emitter?.DecisionsByReason ?? new Dictionary<string, long>(),
            FastLatencyMs = engine.FastLatency.SortedMilliseconds(),
            FullLatencyMs = engine.FullLatency.SortedMilliseconds(),
            FastEventLatencyMs = engine.FastEventLatency.SortedMilliseconds(),
            FullEventLatencyMs = engine.FullEventLatency.SortedMilliseconds(),
            DetectorComputeMs = engine.DetectorCompute.SortedMilliseconds(),
            TextComputeMs = engine.TextCompute.SortedMilliseconds(),
            FastCompute = fast,
            Tier1Compute = engine.Tier1Compute,
            FullCompute = full,
            Tier2Runs = engine.Tier2Runs.Select(r => ((r.Frame - result.Origin).TotalSeconds, r.Compute.TotalMilliseconds)).ToList(),
            SupersededEscalations = engine.Superseded,
            PeakRssBytes = RunReport.ReadPeakRss(),
            Timeline = timeline.Snapshot(end),
        };
    }

    /// <summary>Recording seconds of a sensor timestamp in a run.</summary>
    public static double Seconds(RunReport report, Timestamp t) => (t - report.Replay.Origin).TotalSeconds;
}
