using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.Inference.Manifest;

/// <summary>models-quantized/manifest.json: the models the daemon may load, with their hashes and contracts.</summary>
public sealed class ModelManifest
{
    /// <summary>The manifest file name inside models-quantized/.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Schema version of the manifest file.</summary>
    public int SchemaVersion { get; set; } = 1;

    /// <summary>The shipped models.</summary>
    public List<ModelEntry> Models { get; set; } = [];

    /// <summary>The folder the manifest was read from; model files are relative to it.</summary>
    [JsonIgnore]
    public string Directory { get; private set; } = "";

    /// <summary>Reads and checks a manifest; errors name the file and the offending field.</summary>
    public static ModelManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model manifest not found: {path}", path);
        }
        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid model manifest: {e.Message}", e);
        }
        if (manifest is null)
        {
            throw new InvalidDataException($"{path}: empty manifest");
        }
        manifest.Directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var i = 0; i < manifest.Models.Count; i++)
        {
            var m = manifest.Models[i];
            if (string.IsNullOrWhiteSpace(m.Name)) throw new InvalidDataException($"{path}: models[{i}].name is missing");
            if (string.IsNullOrWhiteSpace(m.File)) throw new InvalidDataException($"{path}: models[{i}] ({m.Name}).file is missing");
            if (m.Sha256 is not { Length: 64 }) throw new InvalidDataException($"{path}: models[{i}] ({m.Name}).sha256 must be 64 hex digits, got '{m.Sha256}'");
            for (var j = 0; j < (m.Variants?.Count ?? 0); j++)
            {
                var v = m.Variants![j];
                if (string.IsNullOrWhiteSpace(v.Precision) || string.IsNullOrWhiteSpace(v.File) || v.Sha256 is not { Length: 64 })
                {
                    throw new InvalidDataException($"{path}: models[{i}] ({m.Name}).variants[{j}] needs precision, file and a 64-digit sha256");
                }
            }
        }
        return manifest;
    }

    /// <summary>Writes the manifest as indented JSON (tools/ModelPrep regenerates it; the daemon only reads it).</summary>
    public void Save(string path)
    {
        var json = JsonSerializer.Serialize(this, ManifestJsonContext.Default.ModelManifest);
        File.WriteAllText(path, json + "\n");
    }

    /// <summary>The absolute path of a model's file.</summary>
    public string PathOf(ModelEntry entry) => Path.Combine(Directory, entry.File);

    /// <summary>Finds a model by name, or throws naming the known models.</summary>
    public ModelEntry Get(string name) =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"model '{name}' is not in {Path.Combine(Directory, FileName)}; known: {string.Join(", ", Models.Select(m => m.Name))}");

    /// <summary>The absolute path of a model's side file (e.g. the OCR dictionary), or null when it names none.</summary>
    public string? LabelsPathOf(ModelEntry entry) => string.IsNullOrEmpty(entry.LabelsFile) ? null : Path.Combine(Directory, entry.LabelsFile);

    /// <summary>Checks a model file's sha256, and its side file's when the entry names one, against the manifest.</summary>
    public ModelCheck Verify(ModelEntry entry)
    {
        var model = CheckFile(PathOf(entry), entry.Sha256);
        if (model is not null)
        {
            return new ModelCheck(entry, false, model);
        }
        if (LabelsPathOf(entry) is { } labels)
        {
            var side = entry.LabelsSha256 is { } want ? CheckFile(labels, want) : File.Exists(labels) ? null : $"file missing: {labels}";
            if (side is not null)
            {
                return new ModelCheck(entry, false, side);
            }
        }
        return new ModelCheck(entry, true, "sha256 ok");
    }

    /// <summary>Null when <paramref name="path"/> exists with sha256 <paramref name="expected"/>, else what is wrong.</summary>
    private static string? CheckFile(string path, string expected)
    {
        if (!File.Exists(path))
        {
            return $"file missing: {path}";
        }
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? null : $"sha256 mismatch for {path}: manifest {expected}, file {actual}";
    }
}

/// <summary>One shipped model. Fields beyond the core ones are kept in <see cref="Extra"/> so newer manifests stay readable.</summary>
public sealed class ModelEntry
{
    /// <summary>Stable model name, e.g. <c>silero-vad</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>File name relative to models-quantized/.</summary>
    public string File { get; set; } = "";

    /// <summary>Lower-case hex sha256 of the file.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>What the model does (vad, text-detection, text-recognition, object-detection, face-detection).</summary>
    public string? Task { get; set; }

    /// <summary>Numeric precision shipped (float32, int8).</summary>
    public string? Precision { get; set; }

    /// <summary>The model's inputs as promised (names, element types, shapes); null when the entry does not state them.</summary>
    public List<TensorContract>? Inputs { get; set; }

    /// <summary>The model's outputs as promised; null when the entry does not state them.</summary>
    public List<TensorContract>? Outputs { get; set; }

    /// <summary>Where the model comes from (pinned npm package, files, licence).</summary>
    public ModelOrigin? Source { get; set; }

    /// <summary>How tools/ModelPrep produced the file (conversion, pruning, quantization), in words.</summary>
    public string? Recipe { get; set; }

    /// <summary>Input layout, e.g. NHWC.</summary>
    public string? Layout { get; set; }

    /// <summary>How to turn raw input (pixels, samples) into the input tensor.</summary>
    public string? Normalization { get; set; }

    /// <summary>Class labels by output index, when the model classifies.</summary>
    public List<string>? Labels { get; set; }

    /// <summary>A side file the model needs (e.g. the OCR dictionary), relative to models-quantized/.</summary>
    public string? LabelsFile { get; set; }

    /// <summary>sha256 of <see cref="LabelsFile"/>.</summary>
    public string? LabelsSha256 { get; set; }

    /// <summary>Measured figures of the shipped model against its float original.</summary>
    public ModelFigures? Figures { get; set; }

    /// <summary>Other builds shipped beside <see cref="File"/> (e.g. the INT8 candidate of a float model); null when none.</summary>
    public List<ModelVariant>? Variants { get; set; }

    /// <summary>
    /// The held-out inputs the figures were measured on (photos and video stills <c>file@seconds</c> from Debian packages,
    /// text images, or audio; absolute, or relative to the EdgeRuntime home), which <c>edge models bench</c> measures on again.
    /// </summary>
    public List<string>? HeldOut { get; set; }

    /// <summary>
    /// This entry with <paramref name="precision"/>'s file: itself when it already has that precision (or
    /// <paramref name="precision"/> is empty), else a copy naming the variant's file and hash.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No file of that precision ships; the message names the ones that do.</exception>
    public ModelEntry WithPrecision(string precision)
    {
        // An entry that states no precision is float32 (as Precisions says).
        if (string.IsNullOrEmpty(precision) || string.Equals(precision, Precision ?? "float32", StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }
        var variant = Variants?.FirstOrDefault(v => string.Equals(v.Precision, precision, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"model '{Name}' ships no {precision} file; it has {string.Join(", ", Precisions)}");
        var copy = (ModelEntry)MemberwiseClone();
        copy.File = variant.File;
        copy.Sha256 = variant.Sha256;
        copy.Precision = variant.Precision;
        copy.Variants = null;
        return copy;
    }

    /// <summary>The precisions this model ships: its own, then its variants'.</summary>
    [JsonIgnore]
    public IEnumerable<string> Precisions => new[] { Precision ?? "float32" }.Concat(Variants?.Select(v => v.Precision) ?? []);

    /// <summary>Any further fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The outcome of checking one model file.</summary>
public sealed record ModelCheck(ModelEntry Entry, bool Ok, string Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
[JsonSerializable(typeof(ModelFigures))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
