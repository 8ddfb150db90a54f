using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>diff: where quantization error enters — each quantized tensor of the INT8 model against the float tensor, in graph order.</summary>
internal static class DiffCommand
{
    public static void Run(PrepContext context, bool optimize = true)
    {
        using var inference = context.CreateInference();
        foreach (var recipe in context.Recipes)
        {
            var floatPath = context.Paths.FloatModel(recipe.Name);
            var quantPath = context.Paths.QuantizedModel(recipe.Name);
            var quant = OnnxFile.Load(quantPath);
            var dq = quant.Graph.Node.Where(n => n.OpType == "DequantizeLinear" && n.Output[0].EndsWith("/dq", StringComparison.Ordinal) && !quant.Graph.Initializer.Any(i => i.Name == n.Input[0]))
                .Select(n => n.Output[0]).ToList();
            var names = dq.Select(d => d[..^3]).ToList();
            var outputs = quant.Graph.Output.Select(o => o.Name).ToList();
            var scratch = context.Paths.Scratch(recipe.Name + "-diff");
            Directory.CreateDirectory(scratch);
            var floatAug = Expose(OnnxFile.Load(floatPath), names, Path.Combine(scratch, "float.onnx"));
            var quantAug = Expose(quant, dq, Path.Combine(scratch, "quant.onnx"));
            var sample = Samples.Images(recipe, [ImageSets.Validation[0]])[0];
            var a = inference.Run(floatAug, 1, sample).Outputs.ToDictionary(o => o.Name);
            var b = inference.Run(quantAug, 1, sample, optimize: optimize).Outputs.ToDictionary(o => o.Name);
            for (var i = 0; i < names.Count; i++)
            {
                if (!a.TryGetValue(names[i], out var x) || !b.TryGetValue(dq[i], out var y)) continue;
                var range = x.Data.Max() - x.Data.Min();
                var mean = x.Data.Zip(y.Data, (p, q) => Math.Abs(p - q)).Average();
                context.Log($"{i,4} {mean / Math.Max(range, 1e-9),9:P3} of range {range,10:G4}  {names[i]}");
            }
            foreach (var o in outputs)
            {
                var x = inference.Run(floatPath, 1, sample).Outputs.First(t => t.Name == o);
                var y = inference.Run(quantPath, 1, sample, optimize: optimize).Outputs.First(t => t.Name == o);
                context.Log($"output {o}: mean abs error {x.Data.Zip(y.Data, (p, q) => Math.Abs(p - q)).Average():G4}, range {x.Data.Max() - x.Data.Min():G4}");
            }
        }
    }

    private static string Expose(ModelProto model, IEnumerable<string> tensors, string path)
    {
        var existing = model.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tensors.Where(existing.Add)) model.Graph.Output.Add(new ValueInfoProto { Name = t });
        OnnxFile.Save(model, path);
        return path;
    }
}
