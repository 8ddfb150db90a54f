using System.Text.Json;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

/// <summary>
/// <c>edge eval</c>'s evaluator on a short generated scenario through the real models (replayed as fast as possible:
/// these tests check what is compared and reported, not timing).
/// </summary>
public sealed class EvaluatorTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    [Fact]
    public void The_baseline_repeat_compares_always_full_with_its_second_run_and_is_reported()
    {
        var (dir, _) = TestScenarios.Gates;
        var evaluator = new Evaluator(new CascadeOptions(), fixture.Loaded.Models, TimeProvider.System);

        var run = evaluator.Run(dir, ReplayPacing.AsFast, limitSeconds: null, progress: null, CancellationToken.None, repeatBaseline: true);

        Assert.NotNull(run.Repeat);
        Assert.True(run.Repeat.Decisions.ByTier[2] > 0, "the repeat ran always-full");
        var repeat = Assert.IsType<RunAgreement>(run.Figures.BaselineRepeat);
        var (matched, events) = Scoring.EventAgreement(run.AlwaysFull, run.Repeat);
        var (agree, samples) = Scoring.StateAgreement(run.Truth, run.AlwaysFull, run.Repeat);
        Assert.True(events > 0, "speech alone gives both runs events");
        Assert.Equal((matched, events), (repeat.EventsMatched, repeat.Events));
        Assert.Equal(2.0 * matched / events, repeat.Agreement, 9);
        Assert.Equal(agree / (double)samples, repeat.StateAgreement, 9);
        // the cascade's own figures still compare the cascade with the first always-full run
        Assert.Equal(Scoring.EventAgreement(run.Cascade, run.AlwaysFull), (run.Figures.EventsMatched, run.Figures.Events));
        Assert.Equal(Scoring.SpokenAgreement(run.Cascade, run.AlwaysFull), (run.Figures.SpokenEventsMatched, run.Figures.SpokenEvents));
        Assert.Equal(Scoring.SpokenAgreement(run.AlwaysFull, run.Repeat), (repeat.SpokenEventsMatched, repeat.SpokenEvents));

        var total = Evaluator.Total([run]);
        Assert.Equal(repeat, total.BaselineRepeat);

        var report = Path.Combine(Path.GetTempPath(), $"edge-eval-test-{Guid.NewGuid():N}", "report.md");
        try
        {
            var result = new EvalResult { Machine = "test", Command = "edge eval", Scenarios = [run.Figures], Total = total };
            EvalReport.Write(report, result, [run], json: true);
            var md = File.ReadAllText(report);
            Assert.Contains($"| {run.Name} | always-full vs always-full (repeat) | spoken-claim agreement", md, StringComparison.Ordinal);
            Assert.Contains("| total | always-full vs always-full (repeat) |", md, StringComparison.Ordinal);
            Assert.Contains("The same for always-full against its second run:", md, StringComparison.Ordinal);
            Assert.Contains("The same for the spoken-claim events", md, StringComparison.Ordinal);
            Assert.Contains("| event p50/p95/p99 ms | event fast · full p50/p95/p99 ms | per-frame fast path p50/p95/p99 ms | full p50/p95/p99 ms |", md, StringComparison.Ordinal);
            // Every row of each table has its header's columns: 16 in the figures table, 10 in the spoken-claims table.
            var tables = md.Split("## Spoken claims");
            Assert.All(tables[0].Split('\n').Where(l => l.StartsWith('|')), l => Assert.Equal(17, l.Count(ch => ch == '|')));
            Assert.All(tables[1].Split('\n').Where(l => l.StartsWith('|')), l => Assert.Equal(11, l.Count(ch => ch == '|')));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(report, ".json")));
            Assert.Equal(repeat.Events, json.RootElement.GetProperty("total").GetProperty("baseline_repeat").GetProperty("events").GetInt64());
            Assert.Equal(total.SpokenEvents, json.RootElement.GetProperty("total").GetProperty("spoken_events").GetInt64());

            // The event latency is its own figure beside the per-frame fast path, which keeps its name.
            var cascade = json.RootElement.GetProperty("total").GetProperty("cascade");
            var eventMs = run.Cascade.EventLatencyMs;
            Assert.True(eventMs.Length > 0 && run.Cascade.FastEventLatencyMs.Length > 0 && run.Cascade.FullEventLatencyMs.Length > 0);
            Assert.Equal(eventMs.Length, cascade.GetProperty("latency_events").GetInt64());
            Assert.Equal(LatencyRecorder.Percentile(eventMs, 95), cascade.GetProperty("event_p95_ms").GetDouble(), 9);
            Assert.Equal(LatencyRecorder.Percentile(run.Cascade.FullEventLatencyMs, 50), cascade.GetProperty("full_event_p50_ms").GetDouble(), 9);
            Assert.Equal(LatencyRecorder.Percentile(run.Cascade.FastLatencyMs, 50), cascade.GetProperty("fast_p50_ms").GetDouble(), 9);
            Assert.True(run.Cascade.FastLatencyMs.Length > eventMs.Length, "the per-frame figure has a sample per frame, the event figure per event");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(report)!, recursive: true);
        }

        // Without the repeat on every scenario there is no baseline figure in the total, and no row.
        var single = run with { Repeat = null, Figures = run.Figures with { BaselineRepeat = null } };
        Assert.Null(Evaluator.Total([single, run]).BaselineRepeat);
    }
}
