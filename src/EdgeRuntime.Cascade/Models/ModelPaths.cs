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

    /// <summary>
    /// Which shipped file of each role's model to load, by precision (<c>float32</c>, <c>int8</c>), keyed by role
    /// (Objects, Faces, Vad, OcrDetector, OcrRecognizer); a role not listed loads the manifest's default file. Read from
    /// <c>Cascade:Models:ObjectsPrecision</c> and so on, which <c>edge models bench --write-profile</c> writes.
    /// </summary>
    public IReadOnlyDictionary<string, string> Precision { get; init; } = new Dictionary<string, string>();

    /// <summary>The configurable roles, in the order <see cref="NameOf"/> knows them.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["Objects", "Faces", "Vad", "OcrDetector", "OcrRecognizer"];

    /// <summary>The manifest name configured for a role (empty when the role is off).</summary>
    public string NameOf(string role) => role switch
    {
        "Objects" => Objects,
        "Faces" => Faces,
        "Vad" => Vad,
        "OcrDetector" => OcrDetector,
        "OcrRecognizer" => OcrRecognizer,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "one of " + string.Join(", ", Roles)),
    };

    /// <summary>The precision configured for a role, or empty for the manifest's default file.</summary>
    public string PrecisionOf(string role) => Precision.GetValueOrDefault(role, "");

    /// <summary>Intra-op threads per model (the fast path and tier 2 each get a core on a 2-core board).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Reads <c>Cascade:Models</c>.</summary>
    public static ModelPaths Read(ConfigSection section)
    {
        var d = new ModelPaths();
        var precision = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in Roles)
        {
            var p = section.GetChoice(role + "Precision", "", "", "float32", "int8");
            if (p.Length > 0)
            {
                precision[role] = p;
            }
        }
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
            Precision = precision,
        };
    }
}
