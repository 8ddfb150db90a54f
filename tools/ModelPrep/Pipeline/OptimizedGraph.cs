using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>The graph ONNX Runtime actually runs: the model as its optimizer leaves it (all levels, CPU), saved next to the input.</summary>
internal static class OptimizedGraph
{
    public static string Save(string model)
    {
        var dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(model))!, Path.GetFileNameWithoutExtension(model) + ".ort-optimized");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        using (var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1, OptimizedModelCacheDir = dir }))
        using (runtime.Load(model, new ModelLoadOptions { Name = Path.GetFileNameWithoutExtension(model) }))
        {
        }
        return Directory.GetFiles(dir, "*.onnx").Single();
    }
}
