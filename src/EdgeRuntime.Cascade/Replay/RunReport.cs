using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Policy;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>Everything one cascade run over a recording measured.</summary>
public sealed record RunReport
{
    public required ReplayResult Replay { get; init; }

    public required DecisionSummary Decisions { get; init; }

    /// <summary>Events emitted, by kind (<c>speech/new</c>, <c>cup/end</c>, <c>scene</c>...).</summary>
    public required IReadOnlyDictionary<string, long> EventsByType { get; init; }

    /// <summary>
    /// Tier-2 decisions published (<c>&lt;prefix&gt;/decisions</c>), by reason name, each reason of a decision counted
    /// (as <see cref="DecisionSummary.ByReason"/>); empty without an event sink.
    /// </summary>
    public IReadOnlyDictionary<string, long> DecisionsPublishedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Fast-path latencies per frame and speech-changing hop (sensor timestamp → tier 0/1 done and its events out), ms, sorted.</summary>
    public required double[] FastLatencyMs { get; init; }

    /// <summary>Event latencies of the fast path, per speech or face event (sensor timestamp → event emitted), ms, sorted.</summary>
    public double[] FastEventLatencyMs { get; init; } = [];

    /// <summary>Event latencies of tier 2, per view that carried something and per description (sensor timestamp → emitted), ms, sorted.</summary>
    public double[] FullEventLatencyMs { get; init; } = [];

    /// <summary>Every event's latency (sensor timestamp → event emitted), ms, sorted: the end-to-end figure.</summary>
    public double[] EventLatencyMs => [.. FastEventLatencyMs.Concat(FullEventLatencyMs).Order()];

    /// <summary>Full-description latencies (frame timestamp → description composed), ms, sorted.</summary>
    public required double[] FullLatencyMs { get; init; }

    /// <summary>User requests (describe, read text): asked → answer handed to the sinks and speech, ms, sorted.</summary>
    public double[] RequestLatencyMs { get; init; } = [];

    /// <summary>Tier 2's full detector compute per run, ms, sorted.</summary>
    public double[] DetectorComputeMs { get; init; } = [];

    /// <summary>Tier 2's OCR compute per run that read text, ms, sorted.</summary>
    public double[] TextComputeMs { get; init; } = [];

    /// <summary>Compute of tiers 0+1 (fast path).</summary>
    public required TimeSpan FastCompute { get; init; }

    /// <summary>Tier 1's part of <see cref="FastCompute"/> (VAD and face detector); tier 0 is the rest.</summary>
    public TimeSpan Tier1Compute { get; init; }

    /// <summary>Compute of tier 2.</summary>
    public required TimeSpan FullCompute { get; init; }

    /// <summary>Tier-2 runs: recording second and compute in ms; empty unless the run was evaluated (a timeline recorded).</summary>
    public required IReadOnlyList<(double Second, double ComputeMs)> Tier2Runs { get; init; }

    /// <summary>Tier-2 passes that threw (each logged and settled as failed; the next pass ran).</summary>
    public long Tier2Failures { get; init; }

    /// <summary>Escalations replaced while tier 2 was busy.</summary>
    public required long SupersededEscalations { get; init; }

    /// <summary>Peak resident set size of the process (VmHWM), bytes.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>What the cascade reported, for scoring; <see cref="Timeline.Empty"/> unless the run was evaluated.</summary>
    public required Timeline Timeline { get; init; }

    /// <summary>Total compute.</summary>
    public TimeSpan Compute => FastCompute + FullCompute;

    /// <summary>Reads VmHWM from /proc/self/status (0 where unavailable).</summary>
    public static long ReadPeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line[6..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
