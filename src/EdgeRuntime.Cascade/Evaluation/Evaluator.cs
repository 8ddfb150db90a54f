using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Replay;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>
/// <c>edge eval</c>: runs every scenario of a folder twice through the real models, as the cascade and as always-full
/// (tier 2 on every frame), scores both against ground truth and against each other, and collects the figures.
/// </summary>
public sealed class Evaluator(CascadeOptions options, CascadeModels models, TimeProvider time)
{
    /// <summary>One scenario's two runs, kept for the plots.</summary>
    public sealed record ScenarioRuns(string Name, GroundTruth Truth, RunReport Cascade, RunReport AlwaysFull, ScenarioFigures Figures);

    /// <summary>Scenario folders (those holding a truth.json) under <paramref name="dir"/>, or <paramref name="dir"/> itself.</summary>
    public static IReadOnlyList<string> FindScenarios(string dir) =>
        File.Exists(Path.Combine(dir, GroundTruth.FileName))
            ? [dir]
            : Directory.EnumerateDirectories(dir).Where(d => File.Exists(Path.Combine(d, GroundTruth.FileName))).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs one scenario in both modes.</summary>
    public ScenarioRuns Run(string dir, bool realTime, double? limitSeconds, Action<string>? progress, CancellationToken cancellationToken)
    {
        var truth = GroundTruth.Load(Path.Combine(dir, GroundTruth.FileName));
        if (limitSeconds is { } limit && limit < truth.DurationSeconds)
        {
            truth = truth with { DurationSeconds = limit, Shots = truth.Shots.Where(s => s.Start < limit).Select(s => s with { End = Math.Min(s.End, limit) }).ToList(),
                Speech = truth.Speech.Where(s => s.Start < limit).Select(s => s with { End = Math.Min(s.End, limit) }).ToList() };
        }
        var replay = new ReplayOptions
        {
            Video = Path.Combine(dir, truth.Video), Audio = Path.Combine(dir, truth.Audio), RealTime = realTime,
            Width = truth.Width, Height = truth.Height, Fps = truth.Fps, Limit = limitSeconds,
        };
        progress?.Invoke($"{truth.Name}: cascade");
        ResetPeakRss();
        var cascade = CascadeSession.Run(options with { AlwaysFull = false }, models, replay, null, time, cancellationToken: cancellationToken);
        progress?.Invoke($"{truth.Name}: always-full");
        ResetPeakRss();
        var full = CascadeSession.Run(options with { AlwaysFull = true }, models, replay, null, time, cancellationToken: cancellationToken);
        var (agree, samples) = Scoring.StateAgreement(truth, cascade, full);
        var (matched, events) = Scoring.EventAgreement(cascade, full);
        var figures = new ScenarioFigures
        {
            Name = truth.Name,
            Seconds = truth.DurationSeconds,
            Cascade = Figures(Scoring.Against(truth, cascade), [cascade]),
            AlwaysFull = Figures(Scoring.Against(truth, full), [full]),
            Agreement = events == 0 ? 1 : 2.0 * matched / events,
            Events = events,
            EventsMatched = matched,
            StateAgreement = samples == 0 ? 1 : agree / (double)samples,
            ComputeRatio = full.Compute.TotalSeconds == 0 ? 0 : cascade.Compute.TotalSeconds / full.Compute.TotalSeconds,
        };
        return new ScenarioRuns(truth.Name, truth, cascade, full, figures);
    }

    /// <summary>Totals over every scenario (scores summed before the ratios; latencies pooled).</summary>
    public static ScenarioFigures Total(IReadOnlyList<ScenarioRuns> runs)
    {
        var cascadeScore = runs.Aggregate(Score.Zero, (s, r) => s + Scoring.Against(r.Truth, r.Cascade));
        var fullScore = runs.Aggregate(Score.Zero, (s, r) => s + Scoring.Against(r.Truth, r.AlwaysFull));
        long agree = 0, samples = 0, matched = 0, events = 0;
        foreach (var r in runs)
        {
            var (a, n) = Scoring.StateAgreement(r.Truth, r.Cascade, r.AlwaysFull);
            agree += a;
            samples += n;
            var (m, e) = Scoring.EventAgreement(r.Cascade, r.AlwaysFull);
            matched += m;
            events += e;
        }
        var cascadeCompute = runs.Sum(r => r.Cascade.Compute.TotalSeconds);
        var fullCompute = runs.Sum(r => r.AlwaysFull.Compute.TotalSeconds);
        return new ScenarioFigures
        {
            Name = "total",
            Seconds = runs.Sum(r => r.Truth.DurationSeconds),
            Cascade = Figures(cascadeScore, runs.Select(r => r.Cascade).ToList()),
            AlwaysFull = Figures(fullScore, runs.Select(r => r.AlwaysFull).ToList()),
            Agreement = events == 0 ? 1 : 2.0 * matched / events,
            Events = events,
            EventsMatched = matched,
            StateAgreement = samples == 0 ? 1 : agree / (double)samples,
            ComputeRatio = fullCompute == 0 ? 0 : cascadeCompute / fullCompute,
        };
    }

    private static ModeFigures Figures(Score score, IReadOnlyList<RunReport> runs)
    {
        var fast = runs.SelectMany(r => r.FastLatencyMs).Order().ToArray();
        var full = runs.SelectMany(r => r.FullLatencyMs).Order().ToArray();
        long frames = runs.Sum(r => r.Decisions.Count), escalated = runs.Sum(r => r.Decisions.ByTier[2]);
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
