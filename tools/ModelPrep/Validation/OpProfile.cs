using System.Text.Json;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>The summed kernel time per run of one op type, and how many nodes of that type ran.</summary>
internal sealed record OpTime(string OpType, int Nodes, double MsPerRun);

/// <summary>
/// Where a model's run time goes, per op type, from ONNX Runtime's profiler: the model runs with profiling on (3
/// warm-up runs, then the counted ones), and the kernel events inside the last counted runs are summed by op type.
/// The op types are those of the graph ONNX Runtime runs after its optimizations (QLinearConv, FusedConv, ReorderOutput
/// ...), which is what the time is spent on; a convolution with group &gt; 1 there is labelled "(depthwise)".
/// </summary>
internal static class OpProfile
{
    private const string KernelSuffix = "_kernel_time";

    public static IReadOnlyList<OpTime> Measure(IInference inference, string model, IReadOnlyList<NamedTensor> sample, int threads, int runs, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var name = Path.GetFileNameWithoutExtension(model);
        var trace = inference.Profile(model, threads, sample, warmup: 3, runs, Path.Combine(scratch, "profile-" + name));
        try
        {
            return Parse(File.ReadAllBytes(trace), runs, DepthwiseNodes(model, scratch));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>
    /// Sums the kernel events of the last <paramref name="runs"/> <c>model_run</c> events of a trace by op type, in ms
    /// per run, largest first; nodes named in <paramref name="depthwise"/> get their own "(depthwise)" op type.
    /// </summary>
    public static IReadOnlyList<OpTime> Parse(ReadOnlySpan<byte> trace, int runs, IReadOnlySet<string> depthwise)
    {
        using var json = JsonDocument.Parse(trace.ToArray());
        var events = json.RootElement.EnumerateArray().ToList();
        var windows = events.Where(e => Str(e, "name") == "model_run").Select(e => (Start: e.GetProperty("ts").GetInt64(), End: e.GetProperty("ts").GetInt64() + e.GetProperty("dur").GetInt64()))
            .OrderBy(w => w.Start).ToList();
        if (windows.Count < runs) throw new InvalidDataException($"the profile holds {windows.Count} runs, expected at least {runs}");
        var counted = windows[^runs..];
        var micros = new Dictionary<string, long>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var eventName = Str(e, "name");
            if (Str(e, "cat") != "Node" || !eventName.EndsWith(KernelSuffix, StringComparison.Ordinal)) continue;
            var ts = e.GetProperty("ts").GetInt64();
            if (!counted.Any(w => ts >= w.Start && ts <= w.End)) continue;
            var node = eventName[..^KernelSuffix.Length];
            var op = e.GetProperty("args").GetProperty("op_name").GetString() ?? "?";
            if (depthwise.Contains(node)) op += " (depthwise)";
            micros[op] = micros.GetValueOrDefault(op) + e.GetProperty("dur").GetInt64();
            if (!nodes.TryGetValue(op, out var set)) nodes[op] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(node);
        }
        return [.. micros.Select(kv => new OpTime(kv.Key, nodes[kv.Key].Count, kv.Value / 1000.0 / runs)).OrderByDescending(t => t.MsPerRun).ThenBy(t => t.OpType, StringComparer.Ordinal)];
    }

    /// <summary>Names of the convolutions with group &gt; 1 in the graph ONNX Runtime runs (its optimized copy of <paramref name="model"/>).</summary>
    private static HashSet<string> DepthwiseNodes(string model, string scratch)
    {
        // A copy in the scratch folder: the optimized graph is written next to its input.
        var copy = Path.Combine(scratch, Path.GetFileName(model));
        File.Copy(model, copy, overwrite: true);
        var optimized = OnnxFile.Load(Pipeline.OptimizedGraph.Save(copy));
        return optimized.Graph.Node.Where(n => n.OpType.Contains("Conv", StringComparison.Ordinal) && Nodes.GetInt(n, "group", 1) > 1)
            .Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static string Str(JsonElement e, string property) => e.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
}
