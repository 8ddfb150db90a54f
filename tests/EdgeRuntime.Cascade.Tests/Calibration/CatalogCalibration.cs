using System.Globalization;
using System.Text;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Tools.Scenarios;
using EdgeRuntime.Tools.Scenarios.Render;
using EdgeRuntime.Tools.Scenarios.Spec;

namespace EdgeRuntime.Cascade.Tests.Calibration;

/// <summary>One catalog photo seen one way, with what the shipped detectors found in it.</summary>
internal sealed record CatalogView(string Photo, string Framing, CatalogImage Truth, List<Evidence> Objects, List<Evidence> Faces);

/// <summary>
/// The catalog calibration: every photo of tools/Scenarios/data/images.json framed as the scenario renderer frames it
/// (scaled to cover 640×480 and centre-cropped; and the two ends of a pan over the 800×600 canvas), run through the
/// shipped CenterNet and BlazeFace through the real ONNX Runtime, every detection judged against the annotation, and
/// the per-class thresholds derived by <see cref="SpeakThresholds.Calibrate"/>. Then the label-and-count claims a
/// description would make of each view are scored, before (every detection the detector reports) and after
/// (<see cref="SpeakRule"/>). Far faster than <c>edge eval</c>: a few seconds a photo.
/// </summary>
internal static class CatalogCalibration
{
    private static readonly (string Name, int CanvasW, int CanvasH, int X, int Y)[] s_framings =
    [
        ("static", 640, 480, 0, 0),
        ("pan-left", 800, 600, 0, 60),
        ("pan-right", 800, 600, 160, 60),
    ];

    /// <summary>Runs the detectors over the catalog.</summary>
    public static List<CatalogView> Views(LoadedModels loaded, float faceConfirm = 0.75f)
    {
        var catalog = ScenarioGenerator.LoadCatalog(Repo.Path("tools", "Scenarios", "data", "images.json"));
        var objects = loaded.Models.Objects!;
        var faces = loaded.Models.Faces!;
        var found = new Detection[64];
        var views = new List<CatalogView>();
        foreach (var (name, image) in catalog.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var (framing, canvasW, canvasH, x, y) in s_framings)
            {
                var rgb = Frame(image.Path, canvasW, canvasH, x, y);
                var view = ImageView.Rgb(rgb, 640, 480);
                var n = objects.Detect(view, found);
                var seen = found[..n].Select(d => new Evidence(objects.Name, 2, objects.Labels[d.Label], d.Score, d.Box, default)).ToList();
                var f = faces.Detect(view, found);
                var confirmedFaces = found[..f].Where(d => d.Score >= faceConfirm).Select(d => new Evidence(faces.Name, 1, "face", d.Score, d.Box, default)).ToList();
                views.Add(new CatalogView(name, framing, image, seen, confirmedFaces));
            }
        }
        return views;
    }

    /// <summary>Every detection judged: right when its label is in view or acceptable in the photo.</summary>
    /// <summary>
    /// Every detection judged: right when its label is in view or acceptable in the photo. A face outside every person box
    /// (a person known only from the face detector) is judged as the class <see cref="SpeakRule.FaceClass"/>.
    /// </summary>
    public static List<ScoredDetection> Judged(IEnumerable<CatalogView> views) =>
        views.SelectMany(v => v.Objects.Select(o => new ScoredDetection(o.Label, o.Score, IsRight(v.Truth, o.Label)))
            .Concat(EdgeRuntime.Cascade.Fusion.SpeakerAssociation.People(v.Objects, v.Faces).Where(p => p.Tier == 1)
                .Select(p => new ScoredDetection(SpeakRule.FaceClass, p.Score, IsRight(v.Truth, "person"))))).ToList();

    /// <summary>
    /// The labels a description of the view would name and how many, as the tier-2 pass builds them: without thresholds
    /// every detection, counted exactly (what the composer did before the speak rule).
    /// </summary>
    public static List<SpokenGroup> Described(CatalogView view, SpeakThresholds? thresholds)
    {
        var people = EdgeRuntime.Cascade.Fusion.SpeakerAssociation.People(view.Objects, view.Faces);
        var all = view.Objects.Where(o => o.Label != "person").Concat(people).ToList();
        return thresholds is null
            ? all.GroupBy(o => o.Label, StringComparer.Ordinal).Select(g => new SpokenGroup(g.Key, [.. g], false)).ToList()
            : SpeakRule.Groups(all, view.Faces, thresholds);
    }

    /// <summary>Label-and-count claims over the views: claims, false ones, and annotated labels named (recall).</summary>
    public static ClaimTally Score(IReadOnlyList<CatalogView> views, SpeakThresholds? thresholds)
    {
        var tally = new ClaimTally();
        foreach (var view in views)
        {
            var said = Described(view, thresholds).ToDictionary(g => g.Label, StringComparer.Ordinal);
            foreach (var (label, group) in said)
            {
                tally.Claims++;
                tally.AtLeast += group.AtLeast ? 1 : 0;
                var count = group.Boxes.Count;
                var truth = view.Truth.InView.FirstOrDefault(o => o.Label == label);
                if (truth is not null && (truth.Max ?? truth.Count) >= count && (group.AtLeast || count >= truth.Count))
                {
                    continue;
                }
                if (truth is null && view.Truth.Acceptable.Contains(label, StringComparer.Ordinal))
                {
                    continue;
                }
                tally.False++;
                var scores = view.Objects.Where(o => o.Label == label).Select(o => o.Score.ToString("0.00", CultureInfo.InvariantCulture))
                    .Concat(label == "person" ? view.Faces.Select(f => "face " + f.Score.ToString("0.00", CultureInfo.InvariantCulture)) : []);
                tally.FalseClaims.Add($"{view.Photo} ({view.Framing}): {label} x{count}{(group.AtLeast ? "+" : "")} [{string.Join(" ", scores)}]");
            }
            foreach (var o in view.Truth.InView)
            {
                tally.InView++;
                tally.Said += said.ContainsKey(o.Label) ? 1 : 0;
            }
        }
        return tally;
    }

    /// <summary>The markdown summary the calibration prints: thresholds, then precision and recall before and after.</summary>
    public static string Report(IReadOnlyList<CatalogView> views, SpeakThresholds thresholds)
    {
        var before = Score(views, null);
        var after = Score(views, thresholds);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"{views.Select(v => v.Photo).Distinct().Count()} photos x {views.Count / Math.Max(1, views.Select(v => v.Photo).Distinct().Count())} framings; pooled threshold {thresholds.Pooled:0.000}");
        text.AppendLine().AppendLine(string.Join(", ", thresholds.Classes.Select(c => string.Create(inv, $"{c.Key} {c.Value:0.000}")))).AppendLine();
        text.AppendLine("| rule | object claims | of which \"at least\" | false | precision (label and count) | annotated objects named |");
        text.AppendLine("|---|---|---|---|---|---|");
        text.AppendLine(inv, $"| every detection (>= 0.3) | {before.Claims} | {before.AtLeast} | {before.False} | {before.Precision:0.000} | {before.Recall:0.000} ({before.Said} / {before.InView}) |");
        text.AppendLine(inv, $"| SpeakRule | {after.Claims} | {after.AtLeast} | {after.False} | {after.Precision:0.000} | {after.Recall:0.000} ({after.Said} / {after.InView}) |");
        text.AppendLine().AppendLine("False claims with the rule (photo, framing, label and count said, the scores of that label's detections): "
            + string.Join("; ", after.FalseClaims));
        return text.ToString();
    }

    private static bool IsRight(CatalogImage truth, string label) =>
        truth.InView.Any(o => o.Label == label) || truth.Acceptable.Contains(label, StringComparer.Ordinal);

    /// <summary>The photo as the renderer frames it: scaled to cover the canvas, centre-cropped, then a 640×480 window.</summary>
    internal static byte[] Frame(string path, int canvasW, int canvasH, int x, int y)
    {
        var filter = $"scale={canvasW}:{canvasH}:force_original_aspect_ratio=increase,crop={canvasW}:{canvasH},setsar=1,crop=640:480:{x}:{y}";
        using var ffmpeg = External.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-i", path, "-vf", filter, "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], redirectStdin: false, redirectStdout: true);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        var frame = new byte[640 * 480 * 3];
        var read = ffmpeg.StandardOutput.BaseStream.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
        ffmpeg.WaitForExit();
        Assert.True(read == frame.Length, $"{path}: ffmpeg gave {read} bytes: {errors.Result}");
        return frame;
    }
}

/// <summary>Claims counted over the catalog views.</summary>
internal sealed class ClaimTally
{
    public int Claims;
    public int AtLeast;
    public int False;
    public int InView;
    public int Said;
    public List<string> FalseClaims { get; } = [];

    public double Precision => Claims == 0 ? 1 : (Claims - False) / (double)Claims;

    public double Recall => InView == 0 ? 1 : Said / (double)InView;
}
