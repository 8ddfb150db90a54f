using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>
/// <c>edge eval</c>: runs every scenario of a folder twice through the real models, as the cascade and as always-full
/// (tier 2 on every frame), scores both against ground truth and against each other, and collects the figures.
/// With <c>repeatBaseline</c> always-full runs a second time: how well the baseline agrees with itself is the ceiling of
/// any agreement against it, because which frames tier 2 takes depends on timing (latest frame wins).
/// </summary>
/// <remarks>
/// Every run plays the scenario through the path a board runs (<see cref="RecordingFeed"/>: replay sensors, rings,
/// aligner, live feed), at real time but lossless (<see cref="ReplayPacing.RealtimeLossless"/>): every
/// frame of the recording reaches the cascade, so both modes see the same input whatever the machine's load, and
/// latencies are real-time latencies. Tier 2 still runs beside the fast path and takes the latest escalation, as on a
/// board, which is the one source of run-to-run difference left. The timeline recorder, which only evaluation reads,
/// is attached here.
/// </remarks>
public sealed class Evaluator(CascadeOptions options, CascadeModels models, TimeProvider time)
{
    /// <summary>One scenario's runs, kept for the plots; <paramref name="Repeat"/> is always-full's second run when asked for.</summary>
    public sealed record ScenarioRuns(string Name, GroundTruth Truth, RunReport Cascade, RunReport AlwaysFull, RunReport? Repeat, ScenarioFigures Figures);

    /// <summary>Scenario folders (those holding a truth.json) under <paramref name="dir"/>, or <paramref name="dir"/> itself.</summary>
    public static IReadOnlyList<string> FindScenarios(string dir) =>
        File.Exists(Path.Combine(dir, GroundTruth.FileName))
            ? [dir]
            : Directory.EnumerateDirectories(dir).Where(d => File.Exists(Path.Combine(d, GroundTruth.FileName))).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs one scenario in both modes at <paramref name="pacing"/>, and always-full a second time when <paramref name="repeatBaseline"/>.</summary>
    public ScenarioRuns Run(string dir, ReplayPacing pacing, double? limitSeconds, Action<string>? progress, CancellationToken cancellationToken,
        bool repeatBaseline = false)
    {
        var truth = GroundTruth.Load(Path.Combine(dir, GroundTruth.FileName));
        if (limitSeconds is { } limit && limit < truth.DurationSeconds)
        {
            truth = truth with { DurationSeconds = limit, Shots = truth.Shots.Where(s => s.Start < limit).Select(s => s with { End = Math.Min(s.End, limit) }).ToList(),
                Speech = truth.Speech.Where(s => s.Start < limit).Select(s => s with { End = Math.Min(s.End, limit) }).ToList() };
        }
        var replay = new ReplayOptions
        {
            Video = Path.Combine(dir, truth.Video), Audio = Path.Combine(dir, truth.Audio), Pacing = pacing,
            Width = truth.Width, Height = truth.Height, Limit = limitSeconds,
        };
        progress?.Invoke($"{truth.Name}: cascade");
        ResetPeakRss();
        var cascade = CascadeSession.Run(options with { AlwaysFull = false }, models, replay, null, time, cancellationToken: cancellationToken, timeline: new TimelineRecorder());
        progress?.Invoke($"{truth.Name}: always-full");
        ResetPeakRss();
        var full = CascadeSession.Run(options with { AlwaysFull = true }, models, replay, null, time, cancellationToken: cancellationToken, timeline: new TimelineRecorder());
        RunReport? repeat = null;
        if (repeatBaseline)
        {
            progress?.Invoke($"{truth.Name}: always-full again");
            ResetPeakRss();
            repeat = CascadeSession.Run(options with { AlwaysFull = true }, models, replay, null, time, cancellationToken: cancellationToken, timeline: new TimelineRecorder());
        }
        var figures = new ScenarioFigures
        {
            Name = truth.Name,
            Seconds = truth.DurationSeconds,
            Cascade = Figures(Scoring.Against(truth, cascade), [cascade]) with { Claims = ClaimScoring.Figures(Claims(truth, cascade), truth.Name) },
            AlwaysFull = Figures(Scoring.Against(truth, full), [full]) with { Claims = ClaimScoring.Figures(Claims(truth, full), truth.Name) },
            ComputeRatio = full.Compute.TotalSeconds == 0 ? 0 : cascade.Compute.TotalSeconds / full.Compute.TotalSeconds,
        };
        figures = WithAgreement(figures, [(truth, cascade, full)], repeat is null ? null : [(truth, full, repeat)]);
        var (cascadeEvents, fullEvents) = Scoring.Published(cascade, full);
        figures = figures with
        {
            CascadeEvents = cascadeEvents.Select(e => e with { Seconds = Math.Round(e.Seconds, 3) }).ToList(),
            AlwaysFullEvents = fullEvents.Select(e => e with { Seconds = Math.Round(e.Seconds, 3) }).ToList(),
        };
        return new ScenarioRuns(truth.Name, truth, cascade, full, repeat, figures);
    }

    /// <summary>Totals over every scenario (scores summed before the ratios; latencies pooled).</summary>
    public static ScenarioFigures Total(IReadOnlyList<ScenarioRuns> runs)
    {
        var cascadeScore = runs.Aggregate(Score.Zero, (s, r) => s + Scoring.Against(r.Truth, r.Cascade));
        var fullScore = runs.Aggregate(Score.Zero, (s, r) => s + Scoring.Against(r.Truth, r.AlwaysFull));
        var cascadeCompute = runs.Sum(r => r.Cascade.Compute.TotalSeconds);
        var fullCompute = runs.Sum(r => r.AlwaysFull.Compute.TotalSeconds);
        var total = new ScenarioFigures
        {
            Name = "total",
            Seconds = runs.Sum(r => r.Truth.DurationSeconds),
            Cascade = Figures(cascadeScore, runs.Select(r => r.Cascade).ToList())
                with { Claims = ClaimScoring.Figures(runs.Aggregate(ClaimScore.Zero, (s, r) => s + Claims(r.Truth, r.Cascade)), null) },
            AlwaysFull = Figures(fullScore, runs.Select(r => r.AlwaysFull).ToList())
                with { Claims = ClaimScoring.Figures(runs.Aggregate(ClaimScore.Zero, (s, r) => s + Claims(r.Truth, r.AlwaysFull)), null) },
            ComputeRatio = fullCompute == 0 ? 0 : cascadeCompute / fullCompute,
        };
        var repeats = runs.Where(r => r.Repeat is not null).Select(r => (r.Truth, r.AlwaysFull, r.Repeat!)).ToList();
        return WithAgreement(total, runs.Select(r => (r.Truth, r.Cascade, r.AlwaysFull)).ToList(), repeats.Count == runs.Count && runs.Count > 0 ? repeats : null);
    }

    private static ClaimScore Claims(GroundTruth truth, RunReport run) => ClaimScoring.Score(truth, run.Timeline, run.Replay.Origin);

    /// <summary>
    /// The cascade's agreement with always-full, and the baseline's with its repeat when there is one, over the pairs of
    /// runs given (events and samples summed before the ratios).
    /// </summary>
    private static ScenarioFigures WithAgreement(ScenarioFigures figures, IReadOnlyList<(GroundTruth Truth, RunReport A, RunReport B)> pairs,
        IReadOnlyList<(GroundTruth Truth, RunReport A, RunReport B)>? repeats)
    {
        var cascade = Compare(pairs);
        return figures with
        {
            Agreement = cascade.Agreement,
            Events = cascade.Events,
            EventsMatched = cascade.EventsMatched,
            StateAgreement = cascade.StateAgreement,
            SpokenAgreement = cascade.SpokenAgreement,
            SpokenEvents = cascade.SpokenEvents,
            SpokenEventsMatched = cascade.SpokenEventsMatched,
            BaselineRepeat = repeats is null ? null : Compare(repeats),
        };
    }

    private static RunAgreement Compare(IReadOnlyList<(GroundTruth Truth, RunReport A, RunReport B)> pairs)
    {
        long agree = 0, samples = 0, matched = 0, events = 0, spokenMatched = 0, spokenEvents = 0;
        foreach (var (truth, a, b) in pairs)
        {
            var (s, n) = Scoring.StateAgreement(truth, a, b);
            agree += s;
            samples += n;
            var (m, e) = Scoring.EventAgreement(a, b);
            matched += m;
            events += e;
            var (sm, se) = Scoring.SpokenAgreement(a, b);
            spokenMatched += sm;
            spokenEvents += se;
        }
        return new RunAgreement
        {
            Agreement = events == 0 ? 1 : 2.0 * matched / events,
            Events = events,
            EventsMatched = matched,
            StateAgreement = samples == 0 ? 1 : agree / (double)samples,
            SpokenAgreement = spokenEvents == 0 ? 1 : 2.0 * spokenMatched / spokenEvents,
            SpokenEvents = spokenEvents,
            SpokenEventsMatched = spokenMatched,
        };
    }

    private static ModeFigures Figures(Score score, IReadOnlyList<RunReport> runs)
    {
        var fast = runs.SelectMany(r => r.FastLatencyMs).Order().ToArray();
        var full = runs.SelectMany(r => r.FullLatencyMs).Order().ToArray();
        var fastEvents = runs.SelectMany(r => r.FastEventLatencyMs).Order().ToArray();
        var fullEvents = runs.SelectMany(r => r.FullEventLatencyMs).Order().ToArray();
        var events = fastEvents.Concat(fullEvents).Order().ToArray();
        long frames = runs.Sum(r => r.Decisions.Frames), escalated = runs.Sum(r => r.Decisions.EscalatedFrames);
        long steadyFrames = runs.Sum(r => r.Replay.SteadyFrames), steadyBytes = runs.Sum(r => r.Replay.SteadyAllocatedBytes);
        return new ModeFigures
        {
            SpeechFrameF1 = score.SpeechFrames.F1,
            SpeechSegmentF1 = score.SpeechSegments.F1,
            ObjectPrecision = score.Objects.Precision,
            ObjectRecall = score.Objects.Recall,
            Cer = score.Cer,
            EscalationRate = frames == 0 ? 0 : escalated / (double)frames,
            ComputeFastSeconds = runs.Sum(r => r.FastCompute.TotalSeconds),
            ComputeFullSeconds = runs.Sum(r => r.FullCompute.TotalSeconds),
            ComputeSeconds = runs.Sum(r => r.Compute.TotalSeconds),
            FastP50Ms = LatencyRecorder.Percentile(fast, 50),
            FastP95Ms = LatencyRecorder.Percentile(fast, 95),
            FastP99Ms = LatencyRecorder.Percentile(fast, 99),
            EventP50Ms = LatencyRecorder.Percentile(events, 50),
            EventP95Ms = LatencyRecorder.Percentile(events, 95),
            EventP99Ms = LatencyRecorder.Percentile(events, 99),
            LatencyEvents = events.Length,
            FastEventP50Ms = LatencyRecorder.Percentile(fastEvents, 50),
            FastEventP95Ms = LatencyRecorder.Percentile(fastEvents, 95),
            FastEventP99Ms = LatencyRecorder.Percentile(fastEvents, 99),
            FullEventP50Ms = LatencyRecorder.Percentile(fullEvents, 50),
            FullEventP95Ms = LatencyRecorder.Percentile(fullEvents, 95),
            FullEventP99Ms = LatencyRecorder.Percentile(fullEvents, 99),
            FullP50Ms = LatencyRecorder.Percentile(full, 50),
            FullP95Ms = LatencyRecorder.Percentile(full, 95),
            FullP99Ms = LatencyRecorder.Percentile(full, 99),
            FullRuns = full.Length,
            DroppedFrames = runs.Sum(r => r.Replay.DroppedFrames),
            Frames = runs.Sum(r => r.Replay.Frames),
            SteadyBytesPerFrame = steadyFrames == 0 ? 0 : steadyBytes / (double)steadyFrames,
            PeakRssMb = runs.Max(r => r.PeakRssBytes) / (1024.0 * 1024.0),
        };
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark (VmHWM) so each run reports its own peak (Linux: clear_refs 5), after handing
    /// the previous run's freed managed and native memory back, as a fresh daemon would start without it.
    /// </summary>
    private static void ResetPeakRss()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        EdgeRuntime.Interop.Libc.LibcHeap.Trim();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // not Linux or not permitted: the peak is then the process's peak so far
        }
    }
}
