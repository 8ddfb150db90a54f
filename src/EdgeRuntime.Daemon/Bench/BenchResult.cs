using System.Text.Json.Serialization;

namespace EdgeRuntime.Daemon.Bench;

/// <summary>Median and 90th percentile of one file's timed runs.</summary>
internal sealed record LatencyStats(double MedianMs, double P90Ms, int Runs);

/// <summary>What <c>edge models bench</c> measured for one model, and which file it chose.</summary>
internal sealed record BenchResult
{
    public required string Model { get; init; }

    public required string Task { get; init; }

    /// <summary>The <c>Cascade:Models</c> role that loads it (null when no role does, so no profile key is written).</summary>
    public string? Role { get; init; }

    /// <summary>The agreement metric (the manifest's <c>figures.metric</c>).</summary>
    public required string Metric { get; init; }

    public required double Target { get; init; }

    /// <summary>INT8's agreement with the float file on the held-out inputs.</summary>
    public required double Agreement { get; init; }

    public required string AgreementDetail { get; init; }

    public required LatencyStats Float { get; init; }

    public required LatencyStats Int8 { get; init; }

    /// <summary>Float median / INT8 median.</summary>
    public double Speedup => Int8.MedianMs > 0 ? Float.MedianMs / Int8.MedianMs : 0;

    /// <summary>What the timed runs ran on (the execution providers attached, CPU last).</summary>
    public required string Providers { get; init; }

    public required string Choice { get; init; }

    public required string Reason { get; init; }
}

/// <summary>The whole bench: the machine, the rule's margin, every model.</summary>
internal sealed record BenchReport(string Machine, string OnnxRuntime, int Threads, double MinSpeedup, int Runs, IReadOnlyList<BenchResult> Models);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJson : JsonSerializerContext;
