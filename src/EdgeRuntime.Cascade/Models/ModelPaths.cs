using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Models;

/// <summary>
/// Which models the cascade loads (<c>Cascade:Models</c>): names of entries in the model manifest
/// (models-quantized/manifest.json, relative to the EdgeRuntime home). The daemon loads only what the manifest lists,
/// and checks each file's sha256 before loading it. An empty name disables that model.
/// </summary>
public sealed record ModelPaths
{
    /// <summary>The manifest, relative to the EdgeRuntime home unless rooted.</summary>
    public string Manifest { get; init; } = "models-quantized/manifest.json";

    public string Objects { get; init; } = "centernet";

    public string Faces { get; init; } = "blazeface";

    public string Vad { get; init; } = "silero-vad";

    public string OcrDetector { get; init; } = "ppocr-det";

    /// <summary>The recognizer's manifest entry also names its CTC dictionary (<c>labelsFile</c>).</summary>
    public string OcrRecognizer { get; init; } = "ppocr-rec";

    /// <summary>Longest side of the OCR's cheap "is there text at all" detector pass; 0 turns the probe off.</summary>
    public int OcrProbeSide { get; init; } = 320;

    /// <summary>
    /// A user's "read text" runs the OCR detector on the frame at full resolution: in one pass up to this side, in
    /// overlapping tiles of this side beyond it.
    /// </summary>
    public int OcrPageTile { get; init; } = 1280;

    /// <summary>Intra-op threads per model (the fast path and tier 2 each get a core on a 2-core board).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Reads <c>Cascade:Models</c>.</summary>
    public static ModelPaths Read(ConfigSection section)
    {
        var d = new ModelPaths();
        return new ModelPaths
        {
            Manifest = section.GetString("Manifest", d.Manifest),
            Objects = section.GetString("Objects", d.Objects),
            Faces = section.GetString("Faces", d.Faces),
            Vad = section.GetString("Vad", d.Vad),
            OcrDetector = section.GetString("OcrDetector", d.OcrDetector),
            OcrRecognizer = section.GetString("OcrRecognizer", d.OcrRecognizer),
            OcrProbeSide = section.GetInt("OcrProbeSide", 320, 0, 4096),
            OcrPageTile = section.GetInt("OcrPageTile", 1280, 320, 4096),
            Threads = section.GetInt("Threads", 1, 1, 16),
        };
    }
}
