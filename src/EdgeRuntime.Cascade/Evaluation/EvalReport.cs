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
        File.WriteAllText(Path.Combine(dir, latencySvg), SvgPlot.Lines("Latency CDF (all scenarios)", "latency, ms", "fraction of samples",
        [
            ("cascade events (sensor to emitted)", SvgPlot.Cdf(runs.SelectMany(r => r.Cascade.EventLatencyMs).Order().ToArray())),
            ("cascade fast path per frame (tiers 0+1)", SvgPlot.Cdf(runs.SelectMany(r => r.Cascade.FastLatencyMs).Order().ToArray())),
            ("cascade full description", SvgPlot.Cdf(runs.SelectMany(r => r.Cascade.FullLatencyMs).Order().ToArray())),
            ("always-full description", SvgPlot.Cdf(runs.SelectMany(r => r.AlwaysFull.FullLatencyMs).Order().ToArray())),
        ]));
        File.WriteAllText(Path.Combine(dir, computeSvg), SvgPlot.Lines("Cumulative compute per tier over recording time (scenarios back to back)",
            "recording time, s", "compute, s",
        [
            ("cascade tier 0", Cumulative(runs, r => r.Cascade, tier: 0)),
            ("cascade tier 1", Cumulative(runs, r => r.Cascade, tier: 1)),
            ("cascade tier 2", Cumulative(runs, r => r.Cascade, tier: 2)),
            ("always-full tier 0", Cumulative(runs, r => r.AlwaysFull, tier: 0)),
            ("always-full tier 1", Cumulative(runs, r => r.AlwaysFull, tier: 1)),
            ("always-full tier 2", Cumulative(runs, r => r.AlwaysFull, tier: 2)),
        ]));

        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Cascade evaluation").AppendLine();
        md.AppendLine(c, $"Machine: {result.Machine}. Command: `{result.Command}`. Replay {(result.RealTime ? "at real time" : "as fast as possible")}.").AppendLine();
        md.AppendLine("Each scenario runs twice through the real models: the cascade, and always-full (tier 2 on every frame it can take,");
        md.AppendLine("latest frame wins). Speech F1 is per 10 ms against the measured speech spans (segment F1: utterances matched one-to-one);");
        md.AppendLine("objects are (sample, label) pairs every 0.5 s, skipping 1 s after each cut; CER is over sign shots. Event agreement:");
        md.AppendLine("both runs' events (a label entering or leaving the view, a face appearing or going, speech starting or ending, text");
        md.AppendLine("appearing or going) matched one to one by kind and label within 1 s of sensor time, 2 x matched / all events; state");
        md.AppendLine("agreement: the fraction of 0.5 s samples where both report the same labels in view and the same speech state.");
        md.AppendLine("Spoken-claim agreement: the same matching over what a listener is told: speech, face and text events, and of the");
        md.AppendLine("objects only the labels a description may say (the speak rule), each from the look that confirmed it to the look");
        md.AppendLine("that no longer did; event agreement counts every label in view, weak ones included.");
        md.AppendLine("Event latency is per event, sensor timestamp to the event emitted (fast: speech and faces; full: objects, text and");
        md.AppendLine("descriptions); the per-frame fast path is every frame's tiers 0+1, whether it emitted anything or not.");
        if (result.Total.BaselineRepeat is not null)
        {
            md.AppendLine("Always-full also ran a second time (`--repeat-baseline`): its agreement with itself is the most any run can");
            md.AppendLine("show against it, since which frames tier 2 takes depends on timing.");
        }
        md.AppendLine();
        md.AppendLine("| scenario | mode | speech F1 (10 ms) | speech segment F1 | object P | object R | CER | escalation | compute s | event p50/p95/p99 ms | event fast · full p50/p95/p99 ms | per-frame fast path p50/p95/p99 ms | full p50/p95/p99 ms | drops | bytes/frame (steady) | peak RSS MB |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            Row(md, s.Name, "cascade", s.Cascade);
            Row(md, s.Name, "always-full", s.AlwaysFull);
            md.AppendLine(c, $"| {s.Name} | cascade vs always-full | spoken-claim agreement {s.SpokenAgreement:P1} ({s.SpokenEventsMatched} matched pairs of {s.SpokenEvents} events) | event agreement {s.Agreement:P1} ({s.EventsMatched} matched pairs of {s.Events} events) | state agreement {s.StateAgreement:P1} | compute ratio {s.ComputeRatio:P1} | | | | | | | | | | |");
            if (s.BaselineRepeat is { } b)
            {
                md.AppendLine(c, $"| {s.Name} | always-full vs always-full (repeat) | spoken-claim agreement {b.SpokenAgreement:P1} ({b.SpokenEventsMatched} matched pairs of {b.SpokenEvents} events) | event agreement {b.Agreement:P1} ({b.EventsMatched} matched pairs of {b.Events} events) | state agreement {b.StateAgreement:P1} | | | | | | | | | | | |");
            }
        }
        ClaimsSection(md, result);
        md.AppendLine().AppendLine(c, $"![latency CDF]({latencySvg})").AppendLine().AppendLine(c, $"![compute per tier]({computeSvg})");
        md.AppendLine().AppendLine("## Events only one run published").AppendLine();
        md.AppendLine("Per scenario, the events of each run that found no partner in the other (seconds from the start of the recording).").AppendLine();
        foreach (var r in runs)
        {
            md.AppendLine(c, $"- **{r.Name}**: {OneSided(r.Cascade, "cascade", r.AlwaysFull, "always-full")}");
        }
        md.AppendLine().AppendLine("The same for the spoken-claim events (speech, faces, text, and the labels a description may say, each timed");
        md.AppendLine("by the look that confirmed it):").AppendLine();
        foreach (var r in runs)
        {
            md.AppendLine(c, $"- **{r.Name}**: {OneSided(r.Cascade, "cascade", r.AlwaysFull, "always-full", spokenOnly: true)}");
        }
        if (runs.Any(r => r.Repeat is not null))
        {
            md.AppendLine().AppendLine("The same for always-full against its second run:").AppendLine();
            foreach (var r in runs.Where(r => r.Repeat is not null))
            {
                md.AppendLine(c, $"- **{r.Name}**: {OneSided(r.AlwaysFull, "first run", r.Repeat!, "second run")}");
            }
        }
        File.WriteAllText(reportPath, md.ToString());
        if (json)
        {
            File.WriteAllText(Path.ChangeExtension(reportPath, ".json"), JsonSerializer.Serialize(result, EvalJson.Default.EvalResult));
        }
    }

    /// <summary>
    /// The claims metric: every fact the spoken descriptions stated, judged against the annotated truth of its moment
    /// (<see cref="ClaimScoring"/>), per kind and mode; then every false claim with its detections, and every object in
    /// view for 2 s or more that no description named.
    /// </summary>
    private static void ClaimsSection(StringBuilder md, EvalResult result)
    {
        var c = CultureInfo.InvariantCulture;
        md.AppendLine().AppendLine("## Spoken claims").AppendLine();
        md.AppendLine("Every fact a description said (object label and count, \"... is speaking\", text read) judged against the annotated");
        md.AppendLine("truth of the frame it describes: false = wrong label, wrong count, a speaker nothing supports or text not there;");
        md.AppendLine("acceptable = a label the annotation accepts (not counted false). Precision = (claims - false) / claims. Recall:");
        md.AppendLine("objects in view for 2 s or more (one per shot and label) that a description named during the shot. Without evidence:");
        md.AppendLine("persons named as the speaker with nothing observed tying the voice to them (mouth motion; alone in view, their face).").AppendLine();
        md.AppendLine("| scenario | mode | object claims (false, acceptable) | object precision | speaking claims (false) | speaking precision | attributions without evidence | text claims (false) | text precision | spoken-object recall (said / in view) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in result.Scenarios.Append(result.Total))
        {
            foreach (var (mode, f) in new[] { ("cascade", s.Cascade.Claims), ("always-full", s.AlwaysFull.Claims) })
            {
                md.AppendLine(c, $"| {s.Name} | {mode} | {f.Objects.Claims} ({f.Objects.False}, {f.Objects.Acceptable}) | {f.Objects.Precision:F3} | {f.Speaking.Claims} ({f.Speaking.False}) | {f.Speaking.Precision:F3} | {f.AttributionsWithoutEvidence} | {f.Text.Claims} ({f.Text.False}) | {f.Text.Precision:F3} | {f.SpokenObjectRecall:F3} ({f.ObjectsSaid} / {f.ObjectsInView}) |");
            }
        }
        foreach (var (mode, pick) in new (string, Func<ScenarioFigures, ClaimFigures>)[] { ("cascade", s => s.Cascade.Claims), ("always-full", s => s.AlwaysFull.Claims) })
        {
            md.AppendLine().AppendLine(c, $"### False claims ({mode})").AppendLine();
            md.AppendLine("Scenario, seconds, the claim, the sentence, what the truth says, and the detections behind it (model label score).").AppendLine();
            foreach (var f in result.Scenarios.SelectMany(s => pick(s).FalseClaims ?? []))
            {
                var detections = string.Join(", ", f.Detections.Select(d => $"{d.Model} {d.Label} {d.Score.ToString("F2", c)}"));
                md.AppendLine(c, $"- {f.Scenario} {f.Seconds:F1} s: **{f.Claim}** — \"{f.Sentence}\" — {f.Why} — {detections}");
            }
            md.AppendLine().AppendLine(c, $"### Objects in view 2 s or more that were never said ({mode})").AppendLine();
            foreach (var m in result.Scenarios.SelectMany(s => pick(s).Missed ?? []))
            {
                md.AppendLine(c, $"- {m.Scenario} {m.Start:F1}–{m.End:F1} s ({m.Image}): {m.Label}");
            }
        }
    }

    /// <summary>The events of each run that found no partner in the other, in time order.</summary>
    private static string OneSided(Replay.RunReport a, string aName, Replay.RunReport b, string bName, bool spokenOnly = false)
    {
        var (ea, eb) = Scoring.Published(a, b, spokenOnly);
        static string List(List<PublishedEvent> events) =>
            string.Join(", ", events.Where(e => !e.Matched).OrderBy(e => e.Seconds).Select(e => $"{e.Key} {e.Seconds.ToString("F1", CultureInfo.InvariantCulture)}"));
        return $"{aName} only: {List(ea)}; {bName} only: {List(eb)}";
    }

    private static void Row(StringBuilder md, string name, string mode, ModeFigures f) =>
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {mode} | {f.SpeechFrameF1:F3} | {f.SpeechSegmentF1:F3} | {f.ObjectPrecision:F3} | {f.ObjectRecall:F3} | {f.Cer:F3} | {f.EscalationRate:P1} | {f.ComputeSeconds:F1} | {f.EventP50Ms:F1}/{f.EventP95Ms:F1}/{f.EventP99Ms:F1} ({f.LatencyEvents}) | {f.FastEventP50Ms:F1}/{f.FastEventP95Ms:F1}/{f.FastEventP99Ms:F1} · {f.FullEventP50Ms:F0}/{f.FullEventP95Ms:F0}/{f.FullEventP99Ms:F0} | {f.FastP50Ms:F1}/{f.FastP95Ms:F1}/{f.FastP99Ms:F1} | {f.FullP50Ms:F0}/{f.FullP95Ms:F0}/{f.FullP99Ms:F0} | {f.DroppedFrames} | {f.SteadyBytesPerFrame:F1} | {f.PeakRssMb:F0} |");

    /// <summary>Compute of one tier summed over recording time (tiers 0 and 1 include the audio hops fed before each frame).</summary>
    private static List<(double X, double Y)> Cumulative(IReadOnlyList<Evaluator.ScenarioRuns> runs, Func<Evaluator.ScenarioRuns, Replay.RunReport> pick, int tier)
    {
        var points = new List<(double, double)> { (0, 0) };
        double offset = 0, sum = 0;
        foreach (var r in runs)
        {
            var report = pick(r);
            var items = tier == 2
                ? report.Tier2Runs.Select(t => (t.Second, t.ComputeMs / 1000))
                : report.Decisions.Records.Where(d => !d.Frameless)
                    .Select(d => ((d.Frame - report.Replay.Origin).TotalSeconds, (tier == 0 ? d.Tier0Compute : d.Tier1Compute).TotalSeconds));
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
