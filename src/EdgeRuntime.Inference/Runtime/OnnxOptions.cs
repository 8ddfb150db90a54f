using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Core.Hosting;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// The <c>Onnx</c> configuration section.
/// <code>
/// "Onnx": {
///   "LibraryPath": "",                 // another libonnxruntime build (e.g. a CUDA/TensorRT build on a Jetson)
///   "ExecutionProviders": "CUDA,CPU",  // tried in order; a missing one is logged and skipped, CPU is always last
///   "IntraOpThreads": 0,               // per model; 0 = a fair share of the cores
///   "GraphOptimization": "All",        // Disable, Basic, Extended, All
///   "ExtendedModels": ["centernet"],   // models optimized at most to Extended ("" for none): All's layout rewrites slow them
///   "OptimizedModelCacheDir": "",      // where optimized models are kept between starts; empty = off
///   "AllowSpinning": false,            // intra-op threads spin between runs (lower latency, burns idle CPU)
///   "CpuMemArena": true,               // ORT's CPU arena keeps freed activation memory for reuse (faster, larger RSS)
///   "ArenaModels": ["centernet"],      // with CpuMemArena false: models that keep their arena all the same
///   "MemPattern": true,                // preplan one activation block per input shape (faster, larger RSS)
///   "TensorRT": { ... }, "CUDA": { ... } // GPU provider settings, see ProviderSettings
/// }
/// </code>
/// </summary>
public sealed record OnnxOptions
{
    /// <summary>An explicit libonnxruntime path, or null for the default search (see <see cref="OrtNativeLibrary"/>).</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Execution providers by short name (see <see cref="ExecutionProviderCatalog"/>), in order of preference.</summary>
    public IReadOnlyList<string> ExecutionProviders { get; init; } = ["CPU"];

    /// <summary>Intra-op threads per model; 0 means <see cref="FairShareThreads"/>.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>The graph optimization level.</summary>
    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// The models (by manifest name) whose graphs are optimized at most to Extended, whatever
    /// <see cref="GraphOptimization"/> says. All adds layout rewrites (blocked NCHWc convolutions on x86-64) that suit
    /// most models and not every one: on ONNX Runtime 1.32 the shipped float CenterNet ran 166 ms a pass at All and
    /// 34 ms at Extended on one core of this project's 2-core x86-64 machine, while BlazeFace and PP-OCR ran 2–3x
    /// slower at Extended than at All (docs/models.md). <c>edge models bench --set Onnx:ExtendedModels=</c> (none)
    /// against the default measures it on a board.
    /// </summary>
    public IReadOnlyList<string> ExtendedModels { get; init; } = DefaultExtendedModels;

    /// <summary>
    /// <see cref="ExtendedModels"/> when configuration does not name any: the float CenterNet, so that what tests and
    /// the catalog calibration measure is what the daemon runs.
    /// </summary>
    public static IReadOnlyList<string> DefaultExtendedModels { get; } = ["centernet"];

    /// <summary>The optimization level the session of <paramref name="model"/> (its manifest name) gets.</summary>
    public GraphOptimizationLevel OptimizationFor(string model) =>
        GraphOptimization == GraphOptimizationLevel.ORT_ENABLE_ALL && ExtendedModels.Contains(model, StringComparer.Ordinal)
            ? GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            : GraphOptimization;

    /// <summary>Folder for optimized models (written on first load, reused while the source model is unchanged); null = off.</summary>
    public string? OptimizedModelCacheDir { get; init; }

    /// <summary>Whether intra-op worker threads spin while waiting for work.</summary>
    public bool AllowSpinning { get; init; }

    /// <summary>
    /// Whether sessions use ONNX Runtime's CPU memory arena. The arena keeps every activation buffer it ever grew to,
    /// per model, for the life of the session; without it, buffers go back to the C allocator after each run, which
    /// costs a little time and saves tens of MB when several large models share a small board.
    /// </summary>
    public bool CpuMemArena { get; init; } = true;

    /// <summary>
    /// With <see cref="CpuMemArena"/> false, the models (by manifest name) that keep their arena all the same: those
    /// whose per-run buffers the C allocator keeps worse than the arena does. The float CenterNet at Extended
    /// (<see cref="ExtendedModels"/>) is one: in the sample run the process peaked at 328 MB with its buffers in glibc's
    /// heap and at 285 MB with its arena, at the same speed (docs/benchmarks.md). The arena does not set its speed on
    /// this project's x86-64 machine (167 ms a pass without, 160 ms with, both at All): the slowness once blamed on the
    /// missing arena was All's layout rewrites.
    /// </summary>
    public IReadOnlyList<string> ArenaModels { get; init; } = [];

    /// <summary>Whether the session of <paramref name="model"/> (its manifest name) keeps ONNX Runtime's CPU arena.</summary>
    public bool KeepsArena(string model) => CpuMemArena || ArenaModels.Contains(model, StringComparer.Ordinal);

    /// <summary>
    /// Whether sessions preplan activation memory per input shape (memory pattern); same trade as <see cref="CpuMemArena"/>.
    /// The shipped configuration turns it off: with CenterNet at Extended in its arena, the planned block cost the
    /// evaluation's peak RSS 322 MB against 283 MB without it, at the same detector speed (docs/benchmarks.md).
    /// </summary>
    public bool MemPattern { get; init; } = true;

    /// <summary>
    /// Option pairs per provider short name from <c>Onnx:TensorRT</c> and <c>Onnx:CUDA</c> (<see cref="ProviderSettings"/>),
    /// applied to every model unless <see cref="ModelLoadOptions.ProviderOptions"/> names that provider.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProviderOptions { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>
    /// The default intra-op thread count: half the cores (at least one), because the cascade runs a fast tier and a
    /// full tier side by side and each should get its share instead of both oversubscribing every core.
    /// </summary>
    public static int FairShareThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The thread count a model gets: <see cref="IntraOpThreads"/> or the fair share.</summary>
    public int EffectiveIntraOpThreads => IntraOpThreads > 0 ? IntraOpThreads : FairShareThreads;

    /// <summary>Reads the section; relative paths resolve against <paramref name="baseDirectory"/> (default: the EdgeRuntime home).</summary>
    public static OnnxOptions Read(ConfigSection section, string? baseDirectory = null)
    {
        var home = baseDirectory ?? EdgeHome.Path;
        var library = section.GetExistingFile("LibraryPath", home);
        var providers = section.GetList("ExecutionProviders", ["CPU"]);
        var canonical = new List<string>(providers.Count);
        foreach (var p in providers)
        {
            if (ExecutionProviderCatalog.TryCanonical(p, out var name))
            {
                canonical.Add(name);
            }
            else
            {
                section.Error("ExecutionProviders", p, "execution providers from: " + string.Join(", ", ExecutionProviderCatalog.KnownNames));
            }
        }
        var threads = section.GetInt("IntraOpThreads", 0, 0, 256);
        var level = section.GetChoice("GraphOptimization", "All", "Disable", "Basic", "Extended", "All");
        var extended = section.GetList("ExtendedModels", DefaultExtendedModels);
        var cache = section.GetString("OptimizedModelCacheDir", "");
        var spinning = section.GetBool("AllowSpinning", false);
        var arena = section.GetBool("CpuMemArena", true);
        var arenaModels = section.GetList("ArenaModels", []);
        var pattern = section.GetBool("MemPattern", true);
        var providerOptions = ProviderSettings.Read(section, home);
        return new OnnxOptions
        {
            LibraryPath = library,
            ExecutionProviders = canonical.Count > 0 ? canonical : ["CPU"],
            IntraOpThreads = threads,
            GraphOptimization = level switch
            {
                "Disable" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "Basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "Extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            ExtendedModels = extended,
            OptimizedModelCacheDir = string.IsNullOrWhiteSpace(cache) ? null : Path.GetFullPath(cache, home),
            AllowSpinning = spinning,
            CpuMemArena = arena,
            ArenaModels = arenaModels,
            MemPattern = pattern,
            ProviderOptions = providerOptions,
        };
    }
}
