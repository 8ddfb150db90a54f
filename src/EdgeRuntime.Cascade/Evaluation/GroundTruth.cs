using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.Cascade.Evaluation;

/// <summary>
/// What a generated scenario really contains, written by tools/Scenarios beside the video and the WAV and read by
/// <c>edge eval</c>. Times are seconds from the start of the recording (frame 0 and sample 0 start together).
/// </summary>
/// <param name="Name">Scenario name (its folder name).</param>
/// <param name="SpecHash">sha256 of the spec and catalog the scenario was generated from.</param>
/// <param name="DurationSeconds">Length of both the video and the audio.</param>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Fps">Frames per second.</param>
/// <param name="SampleRate">Audio sample rate (mono, 16-bit).</param>
/// <param name="Video">Video file name, relative to the scenario folder.</param>
/// <param name="Audio">WAV file name, relative to the scenario folder.</param>
/// <param name="Shots">The camera shots in order; they tile the timeline.</param>
/// <param name="Speech">Measured speech segments (voiced extent of each utterance).</param>
/// <param name="Noise">Noise bursts (not speech).</param>
/// <param name="Spans">The timeline cut where anything changes: objects in view, speech on/off, text shown.</param>
public sealed record GroundTruth(
    string Name,
    string SpecHash,
    double DurationSeconds,
    int Width,
    int Height,
    int Fps,
    int SampleRate,
    string Video,
    string Audio,
    IReadOnlyList<TruthShot> Shots,
    IReadOnlyList<TruthSpeech> Speech,
    IReadOnlyList<TruthNoise> Noise,
    IReadOnlyList<TruthSpan> Spans)
{
    /// <summary>The file name ground truth is stored under in a scenario folder.</summary>
    public const string FileName = "truth.json";

    /// <summary>Reads a scenario's ground truth.</summary>
    public static GroundTruth Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, GroundTruthJson.Default.GroundTruth)
               ?? throw new InvalidDataException(path + ": empty ground truth");
    }

    /// <summary>Writes ground truth as indented JSON.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, GroundTruthJson.Default.GroundTruth);
    }

    /// <summary>The span covering <paramref name="seconds"/>, or null past the end.</summary>
    public TruthSpan? SpanAt(double seconds)
    {
        foreach (var s in Spans)
        {
            if (seconds >= s.Start && seconds < s.End)
            {
                return s;
            }
        }
        return null;
    }
}

/// <summary>One camera shot: a photo seen through a moving virtual camera.</summary>
/// <param name="Start">Start, seconds.</param>
/// <param name="End">End, seconds (exclusive).</param>
/// <param name="Image">Catalog name of the photo.</param>
/// <param name="Camera">Camera move: static, pan-left, pan-right, zoom-in, zoom-out, shake.</param>
/// <param name="Objects">Every COCO object in view with its count, people included (hand-annotated per photo).</param>
/// <param name="Text">Text shown on a sign in the shot, or null.</param>
/// <param name="Acceptable">Labels that are not wrong to say in this shot (any count), beside <paramref name="Objects"/>.</param>
/// <param name="PhotoText">Legible text in the photo itself (the sign is <paramref name="Text"/>).</param>
public sealed record TruthShot(double Start, double End, string Image, string Camera, IReadOnlyList<TruthObject> Objects, string? Text,
    IReadOnlyList<string> Acceptable, IReadOnlyList<string> PhotoText) : IInView;

/// <summary>One utterance: where its voice is audible.</summary>
/// <param name="Start">First voiced 10 ms frame, seconds.</param>
/// <param name="End">End of the last voiced frame, seconds.</param>
/// <param name="Text">What was said.</param>
/// <param name="Voice">espeak-ng voice.</param>
public sealed record TruthSpeech(double Start, double End, string Text, string Voice);

/// <summary>One noise burst.</summary>
/// <param name="Start">Start, seconds.</param>
/// <param name="End">End, seconds.</param>
/// <param name="Kind">sox noise colour: white, pink, brown.</param>
public sealed record TruthNoise(double Start, double End, string Kind);

/// <summary>A stretch of time during which what is in view and heard does not change.</summary>
/// <param name="Start">Start, seconds.</param>
/// <param name="End">End, seconds (exclusive).</param>
/// <param name="Objects">Every COCO object in view with its count, people included.</param>
/// <param name="Speech">True when someone speaks.</param>
/// <param name="Text">Sign text in view, or null.</param>
/// <param name="Acceptable">Labels that are not wrong to say (any count), beside <paramref name="Objects"/>.</param>
/// <param name="PhotoText">Legible text in the photo itself.</param>
public sealed record TruthSpan(double Start, double End, IReadOnlyList<TruthObject> Objects, bool Speech, string? Text,
    IReadOnlyList<string> Acceptable, IReadOnlyList<string> PhotoText) : IInView;

/// <summary>
/// A COCO object in view and how many of it: exactly <paramref name="Count"/>, or any number from
/// <paramref name="Count"/> to <paramref name="Max"/> when a person could count either (a flock, a crowd behind a player).
/// </summary>
/// <param name="Label">COCO label (<c>person</c> for people).</param>
/// <param name="Count">How many (at least one).</param>
/// <param name="Max">The most that may be counted, or null when the count is exact.</param>
public sealed record TruthObject(string Label, int Count, int? Max = null)
{
    /// <summary>True when saying <paramref name="count"/> of it is right.</summary>
    public bool Fits(int count) => count >= Count && count <= (Max ?? Count);

    /// <summary>True when saying "at least <paramref name="count"/>" of it is right.</summary>
    public bool FitsAtLeast(int count) => count <= (Max ?? Count);

    /// <summary>"2" or "5-20".</summary>
    public override string ToString() => Max is { } max && max != Count ? $"{Label} {Count}-{max}" : $"{Label} {Count}";
}

/// <summary>What is in view at some moment, as annotated: objects with counts, labels that are not wrong, text.</summary>
public interface IInView
{
    /// <summary>Objects with their counts, people included.</summary>
    IReadOnlyList<TruthObject> Objects { get; }

    /// <summary>Labels that are not wrong to say, with any count.</summary>
    IReadOnlyList<string> Acceptable { get; }

    /// <summary>Sign text, or null.</summary>
    string? Text { get; }

    /// <summary>Text in the photo itself.</summary>
    IReadOnlyList<string> PhotoText { get; }
}

/// <summary>Questions about what is in view.</summary>
public static class InView
{
    /// <summary>The object with this label, or null.</summary>
    public static TruthObject? Find(this IInView view, string label)
    {
        foreach (var o in view.Objects)
        {
            if (o.Label == label)
            {
                return o;
            }
        }
        return null;
    }

    /// <summary>The labels of <see cref="IInView.Objects"/>.</summary>
    public static IEnumerable<string> Labels(this IInView view) => view.Objects.Select(o => o.Label);

    /// <summary>True when <paramref name="label"/> may be said at all: it is in view or acceptable.</summary>
    public static bool Allows(this IInView view, string label) => view.Find(label) is not null || view.Acceptable.Contains(label, StringComparer.Ordinal);

    /// <summary>How many people are in view (the lower bound of the annotated count).</summary>
    public static int People(this IInView view) => view.Find("person")?.Count ?? 0;
}

/// <summary>Reflection-free JSON for ground truth (NativeAOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GroundTruth))]
public sealed partial class GroundTruthJson : JsonSerializerContext;
