using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Tools.Scenarios.Render;
using EdgeRuntime.Tools.Scenarios.Spec;

namespace EdgeRuntime.Tools.Scenarios;

/// <summary>Generates one scenario folder (video.mp4, audio.wav, truth.json) from a spec and the image catalog.</summary>
public static class ScenarioGenerator
{
    /// <summary>Bumped when the generator's output changes for the same spec, so old outputs are regenerated.</summary>
    public const string Version = "scenarios/2";

    /// <summary>Reads the catalog file (name → photo path and labels).</summary>
    public static Dictionary<string, CatalogImage> LoadCatalog(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CatalogJson.Default.DictionaryStringCatalogImage)
                   ?? throw new InvalidDataException(path + ": empty catalog");
        }
        catch (JsonException e)
        {
            // e.g. "JSON deserialization for type 'CatalogImage' was missing required properties including: 'acceptable'" at $.home
            throw new InvalidDataException($"{path}: {e.Path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a spec file and returns its scenarios (one, or a set expanded from its seed).</summary>
    public static IReadOnlyList<ScenarioSpec> LoadSpecs(string path)
    {
        var file = JsonSerializer.Deserialize(File.ReadAllText(path), SpecJson.Default.SpecFile)
                   ?? throw new InvalidDataException(path + ": empty spec");
        return (file.Scenario, file.Set) switch
        {
            ({ } one, null) => [one],
            (null, { } set) => SetExpander.Expand(set),
            _ => throw new InvalidDataException(path + ": a spec holds exactly one of \"scenario\" or \"set\""),
        };
    }

    /// <summary>sha256 over the generator version, the scenario spec and the catalog entries it uses.</summary>
    public static string Hash(ScenarioSpec spec, IReadOnlyDictionary<string, CatalogImage> catalog)
    {
        var text = new StringBuilder(Version).Append('\n').Append(JsonSerializer.Serialize(spec, SpecJson.Default.ScenarioSpec));
        foreach (var name in spec.Shots.Select(s => s.Image).Distinct().Order(StringComparer.Ordinal))
        {
            var image = Resolve(catalog, name);
            text.Append('\n').Append(name).Append('=').Append(JsonSerializer.Serialize(image, CatalogJson.Default.CatalogImage));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>True when <paramref name="dir"/> already holds this exact scenario.</summary>
    public static bool IsUpToDate(string dir, string hash)
    {
        var truth = Path.Combine(dir, GroundTruth.FileName);
        if (!File.Exists(truth))
        {
            return false;
        }
        try
        {
            var t = GroundTruth.Load(truth);
            return t.SpecHash == hash && File.Exists(Path.Combine(dir, t.Video)) && File.Exists(Path.Combine(dir, t.Audio));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Generates the scenario into <paramref name="dir"/> (created; existing outputs replaced).</summary>
    public static GroundTruth Generate(ScenarioSpec spec, IReadOnlyDictionary<string, CatalogImage> catalog, string dir)
    {
        Directory.CreateDirectory(dir);
        var work = Path.Combine(dir, ".work");
        Directory.CreateDirectory(work);
        try
        {
            var shots = spec.Shots.Select(s => (s, Resolve(catalog, s.Image).Path)).ToList();
            var seconds = spec.Shots.Sum(s => Math.Round(s.Seconds * VideoRenderer.Fps)) / VideoRenderer.Fps;
            const string video = "video.mp4", audio = "audio.wav";
            VideoRenderer.Render(shots, Path.Combine(dir, video));
            var (speech, noise) = AudioRenderer.Render(spec, seconds, Path.Combine(dir, audio), work);
            var truthShots = TruthShots(spec, catalog);
            var truth = new GroundTruth(spec.Name, Hash(spec, catalog), seconds, VideoRenderer.Width, VideoRenderer.Height,
                VideoRenderer.Fps, AudioRenderer.SampleRate, video, audio, truthShots, speech, noise, Spans(truthShots, speech, seconds));
            truth.Save(Path.Combine(dir, GroundTruth.FileName));
            return truth;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static List<TruthShot> TruthShots(ScenarioSpec spec, IReadOnlyDictionary<string, CatalogImage> catalog)
    {
        var shots = new List<TruthShot>();
        var frame = 0L;
        foreach (var s in spec.Shots)
        {
            var frames = (long)Math.Round(s.Seconds * VideoRenderer.Fps);
            var image = Resolve(catalog, s.Image);
            shots.Add(new TruthShot(frame / (double)VideoRenderer.Fps, (frame + frames) / (double)VideoRenderer.Fps,
                s.Image, s.Camera, image.InView, s.Sign, image.Acceptable, image.Text));
            frame += frames;
        }
        return shots;
    }

    /// <summary>Cuts the timeline wherever a shot, an utterance or a sign starts or ends.</summary>
    internal static List<TruthSpan> Spans(IReadOnlyList<TruthShot> shots, IReadOnlyList<TruthSpeech> speech, double seconds)
    {
        var cuts = new SortedSet<double> { 0, seconds };
        foreach (var s in shots)
        {
            cuts.Add(s.Start);
            cuts.Add(s.End);
        }
        foreach (var s in speech)
        {
            cuts.Add(s.Start);
            cuts.Add(s.End);
        }
        var list = cuts.Where(c => c >= 0 && c <= seconds).ToList();
        var spans = new List<TruthSpan>();
        for (var i = 0; i + 1 < list.Count; i++)
        {
            var (a, b) = (list[i], list[i + 1]);
            var mid = (a + b) / 2;
            var shot = shots.First(s => mid >= s.Start && mid < s.End);
            var talking = speech.Any(s => mid >= s.Start && mid < s.End);
            if (spans.Count > 0 && spans[^1] is var prev && prev.Speech == talking && prev.Text == shot.Text
                && prev.Objects.SequenceEqual(shot.Objects) && prev.Acceptable.SequenceEqual(shot.Acceptable) && prev.PhotoText.SequenceEqual(shot.PhotoText))
            {
                spans[^1] = prev with { End = b };
            }
            else
            {
                spans.Add(new TruthSpan(a, b, shot.Objects, talking, shot.Text, shot.Acceptable, shot.PhotoText));
            }
        }
        return spans;
    }

    private static CatalogImage Resolve(IReadOnlyDictionary<string, CatalogImage> catalog, string name) =>
        catalog.TryGetValue(name, out var image)
            ? image
            : throw new InvalidDataException($"image '{name}' is not in the catalog ({string.Join(", ", catalog.Keys.Order(StringComparer.Ordinal))})");
}
