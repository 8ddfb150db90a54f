using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Inference.Encoders.Ocr;
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

    /// <summary>Loads every configured model; a path that is set but missing is an error naming it and the bootstrap.</summary>
    public static LoadedModels Load(OrtRuntime runtime, ModelPaths paths, string home)
    {
        var loaded = new LoadedModels();
        try
        {
            var options = new ModelLoadOptions { IntraOpThreads = paths.Threads };
            OrtModel? Model(string relative, string name)
            {
                if (string.IsNullOrWhiteSpace(relative))
                {
                    return null;
                }
                var path = Path.IsPathRooted(relative) ? relative : Path.Combine(home, relative);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"model {name} not found at {path}; run tools/bootstrap.sh", path);
                }
                var model = runtime.Load(path, options with { Name = name });
                loaded._owned.Add(model);
                return model;
            }
            T Own<T>(T detector) where T : IDisposable
            {
                loaded._owned.Add(detector);
                return detector;
            }

            var vad = Model(paths.Vad, "silero-vad") is { } v ? Own(new SileroVoiceActivity(v)) : null;
            var faces = Model(paths.Faces, "blazeface") is { } f ? Own(new BlazeFaceDetector(f)) : null;
            var objects = Model(paths.Objects, "centernet") is { } o ? Own(new CenterNetDetector(o)) : null;
            PaddleTextReader? text = null;
            if (Model(paths.OcrDetector, "ppocr-det") is { } det && Model(paths.OcrRecognizer, "ppocr-rec") is { } rec)
            {
                var dictionary = Path.IsPathRooted(paths.OcrDictionary) ? paths.OcrDictionary : Path.Combine(home, paths.OcrDictionary);
                text = Own(new PaddleTextReader(det, rec, CtcGreedyDecoder.FromDictionaryFile(dictionary)));
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

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
        _owned.Clear();
    }
}
