using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>Writes the evaluation as markdown with SVG plots beside it, and optionally as JSON.</summary>
public static class EvalReport
{
    public static void Write(string reportPath, EvalResult result, IReadOnlyList<Evaluator.ScenarioRuns> runs, bool json)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(reportPath))!;
        Directory.CreateDirectory(dir);
        var stem = Path.GetFileNameWithoutExtension(reportPath);
        var latencySvg = stem + "-latency-cdf.svg";
        var computeSvg = stem + "-compute.svg";
        File.WriteAllText(Path.Combine(dir, latencySvg), SvgPlot.Lines("Latency CDF (all scenarios)", "latency, ms", "fraction of events",
        [
            ("cascade fast path (tiers 0+1)", SvgPlot.Cdf(runs.SelectMany(r => r.Cascade.FastLatencyMs).Order().ToArray())),
            ("cascade full description", SvgPlot.Cdf(runs.SelectMany(r => r.Cascade.FullLatencyMs).Order().ToArray())),
            ("always-full description", SvgPlot.Cdf(runs.SelectMany(r => r.AlwaysFull.FullLatencyMs).Order().ToArray())),
        ]));
        File.WriteAllText(Path.Combine(dir, computeSvg), SvgPlot.Lines("Cumulative compute per tier over recording time (scenarios back to back)",
            "recording time, s", "compute, s",
        [
            ("cascade tiers 0+1", Cumulative(runs, r => r.Cascade, fullTier: false)),
            ("cascade tier 2", Cumulative(runs, r => r.Cascade, fullTier: true)),
            ("always-full tiers 0+1", Cumulative(runs, r => r.AlwaysFull, fullTier: false)),
            ("always-full tier 2", Cumulative(runs, r => r.AlwaysFull, fullTier: true)),
        ]));

        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Cascade evaluation").AppendLine();
        md.AppendLine(c, $"Machine: {result.Machine}. Command: `{result.Command}`. Replay {(result.RealTime ? "at real time" : "as fast as possible")}.").AppendLine();
        md.AppendLine("Each scenario runs twice through the real models: the cascade, and always-full (tier 2 on every frame it can take,");
        md.AppendLine("latest frame wins). Speech F1 is per 10 ms against the measured speech spans (segment F1: utterances matched one-to-one);");
        md.AppendLine("objects are (sample, label) pairs every 0.5 s, skipping 1 s after each cut; CER is over sign shots; agreement is the");
        md.AppendLine("fraction of 0.5 s samples where the cascade and always-full report the same labels in view and the same speech state.").AppendLine();
        md.AppendLine("| scenario | mode | speech F1 (10 ms) | speech segment F1 | object P | object R | CER | escalation | compute s | fast p50/p95/p99 ms | full p50/p95/p99 ms | drops | bytes/frame (steady) | peak RSS MB |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            Row(md, s.Name, "cascade", s.Cascade);
            Row(md, s.Name, "always-full", s.AlwaysFull);
            md.AppendLine(c, $"| {s.Name} | cascade vs always-full | agreement {s.Agreement:P1} | compute ratio {s.ComputeRatio:P1} | | | | | | | | | | |");
        }
        md.AppendLine().AppendLine(c, $"![latency CDF]({latencySvg})").AppendLine().AppendLine(c, $"![compute per tier]({computeSvg})");
        File.WriteAllText(reportPath, md.ToString());
        if (json)
        {
            File.WriteAllText(Path.ChangeExtension(reportPath, ".json"), JsonSerializer.Serialize(result, EvalJson.Default.EvalResult));
        }
    }

    private static void Row(StringBuilder md, string name, string mode, ModeFigures f) =>
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {mode} | {f.SpeechFrameF1:F3} | {f.SpeechSegmentF1:F3} | {f.ObjectPrecision:F3} | {f.ObjectRecall:F3} | {f.Cer:F3} | {f.EscalationRate:P1} | {f.ComputeSeconds:F1} | {f.FastP50Ms:F1}/{f.FastP95Ms:F1}/{f.FastP99Ms:F1} | {f.FullP50Ms:F0}/{f.FullP95Ms:F0}/{f.FullP99Ms:F0} | {f.DroppedFrames} | {f.SteadyBytesPerFrame:F1} | {f.PeakRssMb:F0} |");

    private static List<(double X, double Y)> Cumulative(IReadOnlyList<Evaluator.ScenarioRuns> runs, Func<Evaluator.ScenarioRuns, Replay.RunReport> pick, bool fullTier)
    {
        var points = new List<(double, double)> { (0, 0) };
        double offset = 0, sum = 0;
        foreach (var r in runs)
        {
            var report = pick(r);
            var items = fullTier
                ? report.Tier2Runs.Select(t => (t.Second, t.ComputeMs / 1000))
                : report.Decisions.Records.Select(d => ((d.Frame - report.Replay.Origin).TotalSeconds, d.Compute.TotalSeconds));
            foreach (var (second, compute) in items.OrderBy(i => i.Item1))
            {
                sum += compute;
                points.Add((offset + second, sum));
            }
            offset += r.Truth.DurationSeconds;
        }
        return points;
    }
}
