using System.Globalization;
using System.Text;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Policy;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>The end-of-input summary <c>edge run</c> prints.</summary>
public static class RunSummary
{
    public static string Format(RunReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"summary: {r.Replay.Seconds:F1} s of input in {r.Replay.WallSeconds:F1} s; {r.Replay.Frames} frames, {r.Replay.Hops} audio hops");
        s.AppendLine("events by type: " + (r.EventsByType.Count == 0 ? "(none)"
            : string.Join(", ", r.EventsByType.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))));
        var reasons = Reasons(r.Decisions.ByReason.Select(kv => (EscalationReasonNames.Primary(kv.Key), kv.Value)));
        var frameless = r.Decisions.Frameless == 0 ? "" : $", and {r.Decisions.Frameless} frameless escalations while the camera was missing";
        s.AppendLine(c, $"escalation rate: {r.Decisions.EscalationRate:P1} ({r.Decisions.EscalatedFrames} of {r.Decisions.Frames} frames{frameless}); reasons: {reasons}");
        if (r.DecisionsPublishedByReason.Count > 0)
        {
            // Counted as the escalation line counts them, so the two agree when every tier-2 decision went out.
            var completed = r.EventsByType.GetValueOrDefault("decision/completed");
            var superseded = r.EventsByType.GetValueOrDefault("decision/superseded");
            var failed = r.EventsByType.GetValueOrDefault("decision/failed");
            s.AppendLine(c, $"tier-2 decisions published: {completed + superseded + failed} ({completed} completed, {superseded} superseded, {failed} failed); " +
                            $"reasons: {Reasons(r.DecisionsPublishedByReason.Select(kv => (kv.Key, kv.Value)))}");
        }
        var events = r.EventLatencyMs;
        s.AppendLine(c, $"latency events (sensor → event emitted): p50 {P(events, 50)} p95 {P(events, 95)} p99 {P(events, 99)} ms over {events.Length} events " +
                        $"(speech and faces p50 {P(r.FastEventLatencyMs, 50)} p95 {P(r.FastEventLatencyMs, 95)} p99 {P(r.FastEventLatencyMs, 99)} ms over {r.FastEventLatencyMs.Length}; " +
                        $"objects, text and scenes p50 {P(r.FullEventLatencyMs, 50)} p95 {P(r.FullEventLatencyMs, 95)} p99 {P(r.FullEventLatencyMs, 99)} ms over {r.FullEventLatencyMs.Length})");
        s.AppendLine(c, $"latency per frame, fast path (sensor → tiers 0/1 done): p50 {P(r.FastLatencyMs, 50)} p95 {P(r.FastLatencyMs, 95)} p99 {P(r.FastLatencyMs, 99)} ms");
        s.AppendLine(c, $"latency full description (frame → described): p50 {P(r.FullLatencyMs, 50)} p95 {P(r.FullLatencyMs, 95)} p99 {P(r.FullLatencyMs, 99)} ms ({r.FullLatencyMs.Length} runs)");
        if (r.RequestLatencyMs.Length > 0)
        {
            var asked = r.RequestLatencyMs;
            s.AppendLine(c, $"latency user requests (asked → answered): p50 {P(asked, 50)} p95 {P(asked, 95)} max {asked[^1]:F1} ms ({asked.Length} answered)");
        }
        s.AppendLine(c, $"compute: tier 0 {(r.FastCompute - r.Tier1Compute).TotalSeconds:F2} s, tier 1 {r.Tier1Compute.TotalSeconds:F2} s, tier 2 {r.FullCompute.TotalSeconds:F2} s " +
                        $"(detector p50 {P(r.DetectorComputeMs, 50)} p95 {P(r.DetectorComputeMs, 95)} ms; OCR p50 {P(r.TextComputeMs, 50)} p95 {P(r.TextComputeMs, 95)} ms over {r.TextComputeMs.Length} reads)");
        s.Append(c, $"drops: {r.Replay.DroppedFrames} frames (late), {r.SupersededEscalations} escalations superseded while tier 2 was busy; " +
                    $"{r.Tier2Failures} tier-2 passes failed");
        s.AppendLine(r.Replay.SpeechHistoryMisses == 0 ? string.Empty : string.Create(c, $"; {r.Replay.SpeechHistoryMisses} frames older than the speech history"));
        s.Append(c, $"managed allocation in steady state: {r.Replay.SteadyBytesPerFrame:F1} bytes/frame over {r.Replay.SteadyFrames} frames");
        var (largest, at) = r.Replay.LargestSteadyAllocation;
        s.AppendLine(largest == 0 ? string.Empty : string.Create(c, $" ({r.Replay.SteadyAllocatingFrames} allocated; the most, {largest} B, at {at:F1} s)"));
        s.Append(c, $"peak RSS: {r.PeakRssBytes / (1024.0 * 1024.0):F0} MB");
        return s.ToString();
    }

    private static string Reasons(IEnumerable<(string Name, long Count)> counts) =>
        string.Join(", ", counts.OrderByDescending(kv => kv.Count).ThenBy(kv => kv.Name, StringComparer.Ordinal).Select(kv => $"{kv.Name} {kv.Count}"));

    private static string P(double[] sorted, double p) => LatencyRecorder.Percentile(sorted, p).ToString("F1", CultureInfo.InvariantCulture);
}
