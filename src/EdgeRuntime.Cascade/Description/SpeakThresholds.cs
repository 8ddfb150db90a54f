using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.Cascade.Description;

/// <summary>One detection of a calibration run, judged against the annotation of the photo it was found in.</summary>
/// <param name="Label">COCO label.</param>
/// <param name="Score">Detector confidence.</param>
/// <param name="True">The label is in view or acceptable there (a right label, whatever the count).</param>
public readonly record struct ScoredDetection(string Label, float Score, bool True);

/// <summary>
/// How per-class thresholds are derived from a calibration run: for each class, the lowest score from which its
/// detections reach <see cref="Precision"/> at every higher threshold too; clamped to [<see cref="Floor"/>,
/// <see cref="Cap"/>]. A class with fewer than <see cref="MinSupport"/> detections has too little evidence of its own:
/// it gets the pooled threshold (the same rule over every object class), or just above its highest wrong score when
/// that is higher. A class the run never saw gets the pooled threshold. People known only from a face are calibrated
/// as the class <see cref="SpeakRule.FaceClass"/>, outside the pool and without the cap.
/// </summary>
public sealed record CalibrationRule
{
    /// <summary>Precision a class must keep at and above its threshold.</summary>
    public double Precision { get; init; } = 0.95;

    /// <summary>Lowest threshold given (the detector's own threshold is 0.3).</summary>
    public double Floor { get; init; } = 0.35;

    /// <summary>Highest threshold given: a class never clean on the catalog is still spoken when the detector is this sure.</summary>
    public double Cap { get; init; } = 0.7;

    /// <summary>Detections a class needs for a threshold of its own.</summary>
    public int MinSupport { get; init; } = 5;
}

/// <summary>
/// The score from which a detection of each class is spoken (<c>Description/SpeakThresholds.json</c>, embedded,
/// written by the catalog calibration: see docs/cascade.md). Detections below it are still published as events with
/// their score; they are not said.
/// </summary>
public sealed class SpeakThresholds
{
    private readonly ThresholdFile _file;

    private SpeakThresholds(ThresholdFile file) => _file = file;

    /// <summary>The thresholds shipped in the assembly.</summary>
    public static SpeakThresholds Default { get; } = Parse(LoadEmbedded());

    /// <summary>The threshold of classes with none of their own.</summary>
    public float Pooled => _file.Pooled;

    /// <summary>Thresholds by class (the classes the calibration saw).</summary>
    public IReadOnlyDictionary<string, float> Classes => _file.Classes;

    /// <summary>The rule they were derived with.</summary>
    public CalibrationRule Rule => _file.Rule;

    /// <summary>The score from which <paramref name="label"/> is spoken.</summary>
    public float For(string label) => _file.Classes.TryGetValue(label, out var t) ? t : _file.Pooled;

    /// <summary>These thresholds, each raised to at least <paramref name="floor"/>.</summary>
    public SpeakThresholds AtLeast(float floor) => new(_file with
    {
        Pooled = Math.Max(_file.Pooled, floor),
        Classes = _file.Classes.ToDictionary(c => c.Key, c => Math.Max(c.Value, floor), StringComparer.Ordinal),
    });

    /// <summary>Derives the thresholds from judged detections by <paramref name="rule"/>.</summary>
    public static SpeakThresholds Calibrate(IReadOnlyList<ScoredDetection> detections, CalibrationRule rule)
    {
        // The pooled threshold stands in for object classes the run did not see: faces (another model, another score
        // scale) are not pooled with them, and no cap holds their threshold below the face detector's own confirmation.
        var pooled = Clamp(LowestPrecise([.. detections.Where(d => d.Label != SpeakRule.FaceClass)], rule.Precision), rule);
        var classes = new SortedDictionary<string, float>(StringComparer.Ordinal);
        foreach (var group in detections.GroupBy(d => d.Label, StringComparer.Ordinal))
        {
            var own = group.ToList();
            float threshold;
            if (own.Count >= rule.MinSupport)
            {
                threshold = LowestPrecise(own, rule.Precision);
            }
            else
            {
                var wrong = own.Where(d => !d.True).Select(d => d.Score).DefaultIfEmpty(0f).Max();
                threshold = Math.Max(pooled, wrong > 0 ? Round(wrong + 0.01f) : 0f);
            }
            classes[group.Key] = group.Key == SpeakRule.FaceClass ? (float)Math.Clamp(threshold, rule.Floor, 1) : Clamp(threshold, rule);
        }
        return new SpeakThresholds(new ThresholdFile(rule, pooled, new Dictionary<string, float>(classes, StringComparer.Ordinal)));
    }

    /// <summary>
    /// The lowest score s such that the detections scoring at least s, and at least any higher score, are right in at
    /// least <paramref name="precision"/> of cases; just above the highest score when even that one is wrong too often.
    /// </summary>
    public static float LowestPrecise(IReadOnlyList<ScoredDetection> detections, double precision)
    {
        var sorted = detections.OrderByDescending(d => d.Score).ToList();
        var threshold = sorted.Count == 0 ? 0f : Round(sorted[0].Score + 0.01f);
        var right = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            right += sorted[i].True ? 1 : 0;
            var tied = i + 1 < sorted.Count && sorted[i + 1].Score == sorted[i].Score;
            if (tied)
            {
                continue;
            }
            if (right < precision * (i + 1))
            {
                break;
            }
            threshold = Round(sorted[i].Score);
        }
        return threshold;
    }

    /// <summary>The thresholds as the JSON file the assembly embeds.</summary>
    public string ToJson() => JsonSerializer.Serialize(_file, SpeakThresholdJson.Default.ThresholdFile);

    /// <summary>Reads a thresholds file (the embedded one, or <c>Cascade:Description:Thresholds</c>).</summary>
    public static SpeakThresholds Parse(string json)
    {
        var file = JsonSerializer.Deserialize(json, SpeakThresholdJson.Default.ThresholdFile) ?? throw new InvalidDataException("speak thresholds file is empty");
        if (file.Pooled is <= 0 or > 1 || file.Classes.Values.Any(v => v is <= 0 or > 1))
        {
            throw new InvalidDataException("speak thresholds must lie in (0, 1]");
        }
        return new SpeakThresholds(file);
    }

    private static float Clamp(float threshold, CalibrationRule rule) => (float)Math.Clamp(threshold, rule.Floor, rule.Cap);

    private static float Round(float score) => MathF.Round(score, 3);

    private static string LoadEmbedded()
    {
        using var stream = typeof(SpeakThresholds).Assembly.GetManifestResourceStream("EdgeRuntime.Cascade.Description.SpeakThresholds.json")
                           ?? throw new InvalidOperationException("embedded resource Description/SpeakThresholds.json is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal sealed record ThresholdFile(CalibrationRule Rule, float Pooled, Dictionary<string, float> Classes);
}

/// <summary>Reflection-free JSON for the thresholds file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SpeakThresholds.ThresholdFile))]
internal sealed partial class SpeakThresholdJson : JsonSerializerContext;
