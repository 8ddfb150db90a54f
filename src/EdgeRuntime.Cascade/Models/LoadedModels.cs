using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Cascade.Models;

/// <summary>The real models loaded through ONNX Runtime, wrapped as the cascade's detectors; disposes them all.</summary>
public sealed class LoadedModels : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private LoadedModels()
    {
    }

    /// <summary>The detectors for <see cref="CascadeEngine"/>.</summary>
    public CascadeModels Models { get; private set; } = new(null, null, null, null);

    /// <summary>
    /// Loads every configured model from the manifest; a name the manifest lacks, a missing file, a hash mismatch or a file
    /// ONNX Runtime cannot load is an <see cref="InvalidDataException"/> naming the configuration key and the file.
    /// </summary>
    public static LoadedModels Load(OrtRuntime runtime, ModelPaths paths, string home)
    {
        var loaded = new LoadedModels();
        try
        {
            var options = new ModelLoadOptions { IntraOpThreads = paths.Threads };
            var manifestPath = Path.IsPathRooted(paths.Manifest) ? paths.Manifest : Path.Combine(home, paths.Manifest);
            var manifest = ModelManifest.Load(manifestPath);
            OrtModel? Model(string name, string role)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    return null;
                }
                var entry = Verified(manifest, name, role, paths.PrecisionOf(role));
                OrtModel model;
                try
                {
                    model = runtime.Load(manifest.PathOf(entry), options with { Name = entry.Name });
                }
                catch (EdgeRuntime.Inference.Models.OrtModelException e)
                {
                    // The hash matched the manifest, so the manifest itself names a file ONNX Runtime cannot read.
                    throw new InvalidDataException($"Cascade:Models:{role}: model {entry.Name}: {manifest.PathOf(entry)} is not a model ONNX Runtime can load: {e.Message}", e);
                }
                loaded._owned.Add(model);
                return model;
            }
            T Own<T>(T detector) where T : IDisposable
            {
                loaded._owned.Add(detector);
                return detector;
            }

            var vad = Model(paths.Vad, "Vad") is { } v ? Own(new SileroVoiceActivity(v)) : null;
            var faces = Model(paths.Faces, "Faces") is { } f ? Own(new BlazeFaceDetector(f)) : null;
            var objects = Model(paths.Objects, "Objects") is { } o ? Own(new CenterNetDetector(o)) : null;
            PaddleTextReader? text = null;
            if (Model(paths.OcrDetector, "OcrDetector") is { } det && Model(paths.OcrRecognizer, "OcrRecognizer") is { } rec)
            {
                text = Own(new PaddleTextReader(det, rec, CtcGreedyDecoder.FromDictionaryFile(Dictionary(manifest, manifest.Get(paths.OcrRecognizer))),
                    probeSide: paths.OcrProbeSide, pageTileSide: paths.OcrPageTile));
            }
            loaded.Models = new CascadeModels(vad, faces, objects, text);
            return loaded;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The manifest entry <paramref name="name"/> with the file of <paramref name="precision"/> (empty: the default file),
    /// its file (and side file) checked against the manifest's sha256.
    /// </summary>
    private static ModelEntry Verified(ModelManifest manifest, string name, string role, string precision)
    {
        ModelEntry entry;
        try
        {
            entry = manifest.Get(name);
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"Cascade:Models:{role}: {e.Message}", e);
        }
        try
        {
            entry = entry.WithPrecision(precision);
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidDataException($"Cascade:Models:{role}Precision: {e.Message}", e);
        }
        var check = manifest.Verify(entry);
        if (!check.Ok)
        {
            throw new InvalidDataException($"Cascade:Models:{role}: model {entry.Name}: {check.Detail}; run tools/bootstrap.sh or restore models-quantized/");
        }
        return entry;
    }

    /// <summary>The recognizer's CTC dictionary: its manifest entry's labels file (hash-checked with the model by <see cref="Verified"/>).</summary>
    private static string Dictionary(ModelManifest manifest, ModelEntry entry) =>
        manifest.LabelsPathOf(entry)
        ?? throw new InvalidDataException($"{Path.Combine(manifest.Directory, ModelManifest.FileName)}: model {entry.Name} names no labelsFile (the CTC dictionary)");

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
        _owned.Clear();
    }
}
