using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>Median and 95th percentile of run times, in milliseconds.</summary>
internal sealed record LatencyFigures(int Threads, double MedianMs, double P95Ms, int Runs);

/// <summary>Measures a model's run time on this machine after warm-up runs.</summary>
internal static class Latency
{
    public static LatencyFigures Measure(IInference inference, string model, IReadOnlyList<NamedTensor> sample, int threads, int runs)
    {
        inference.Run(model, threads, sample, repeat: 3);
        var times = inference.Run(model, threads, sample, repeat: runs).Millis.Order().ToArray();
        return new LatencyFigures(threads, Percentile(times, 0.5), Percentile(times, 0.95), runs);
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
