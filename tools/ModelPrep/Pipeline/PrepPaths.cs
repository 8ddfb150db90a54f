namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>Where ModelPrep reads and writes: sources and intermediate models under .deps/modelprep/, results in models-quantized/.</summary>
internal sealed class PrepPaths
{
    public PrepPaths(string root, string? work = null, string? output = null)
    {
        Root = Path.GetFullPath(root);
        Deps = Path.Combine(Root, ".deps");
        Work = Path.GetFullPath(work ?? Path.Combine(Deps, "modelprep"));
        Output = Path.GetFullPath(output ?? Path.Combine(Root, "models-quantized"));
    }

    public string Root { get; }

    public string Deps { get; }

    public string Work { get; }

    public string Output { get; }

    public string SourcesFile => Path.Combine(Root, "models-quantized", Sources.SourcesFile.FileName);

    public string ReferenceDir => Path.Combine(Root, "tools", "ModelPrep", "reference");

    public string SourceDir(string model) => Path.Combine(Work, "sources", model);

    public string FloatModel(string model) => Path.Combine(Work, "float", model + ".onnx");

    public string PrunedModel(string model) => Path.Combine(Work, "pruned", model + ".onnx");

    /// <summary>What the prune step did (JSON <see cref="EdgeRuntime.Inference.Manifest.PruningFigures"/>), read by the report.</summary>
    public string PruneSummary(string model) => Path.Combine(Work, "pruned", model + ".json");

    public string QuantizedModel(string model) => Path.Combine(Work, "quantized", model + ".onnx");

    /// <summary>A generated audio set (signed 16-bit PCM, 16 kHz mono), e.g. the VAD calibration audio.</summary>
    public string Audio(string set) => Path.Combine(Work, "audio", set + ".s16");

    public string Scratch(string name) => Path.Combine(Work, "scratch", name);

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> holding EdgeRuntime.sln.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeRuntime.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"EdgeRuntime.sln not found above {start}; pass --root");
    }
}
