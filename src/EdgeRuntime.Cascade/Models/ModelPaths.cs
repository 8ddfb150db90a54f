using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Where the cascade's models are (<c>Cascade:Models</c>), relative to the EdgeRuntime home: CenterNet and BlazeFace
/// from models-quantized/, silero VAD and PaddleOCR from .deps/models/ (both put there by the bootstrap).
/// An empty path disables that model.
/// </summary>
public sealed record ModelPaths
{
    public string Objects { get; init; } = "models-quantized/centernet.onnx";

    public string Faces { get; init; } = "models-quantized/blazeface.onnx";

    public string Vad { get; init; } = ".deps/models/silero-vad/silero_vad_v5.onnx";

    public string OcrDetector { get; init; } = ".deps/models/ppocr/det.onnx";

    public string OcrRecognizer { get; init; } = ".deps/models/ppocr/rec.onnx";

    public string OcrDictionary { get; init; } = ".deps/models/ppocr/ppocr_keys_v1.txt";

    /// <summary>Intra-op threads per model (the fast path and tier 2 each get a core on a 2-core board).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Reads <c>Cascade:Models</c>.</summary>
    public static ModelPaths Read(ConfigSection section)
    {
        var d = new ModelPaths();
        return new ModelPaths
        {
            Objects = section.GetString("Objects", d.Objects),
            Faces = section.GetString("Faces", d.Faces),
            Vad = section.GetString("Vad", d.Vad),
            OcrDetector = section.GetString("OcrDetector", d.OcrDetector),
            OcrRecognizer = section.GetString("OcrRecognizer", d.OcrRecognizer),
            OcrDictionary = section.GetString("OcrDictionary", d.OcrDictionary),
            Threads = section.GetInt("Threads", 1, 1, 16),
        };
    }
}
