using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>The real models (models-quantized/ and .deps/models/) through the real libonnxruntime, loaded once per test class.</summary>
public sealed class ModelsFixture : IDisposable
{
    public ModelsFixture()
    {
        Runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 });
        Loaded = LoadedModels.Load(Runtime, new ModelPaths(), Repo.Root);
    }

    public OrtRuntime Runtime { get; }

    public LoadedModels Loaded { get; }

    public void Dispose()
    {
        Loaded.Dispose();
        Runtime.Dispose();
    }
}
