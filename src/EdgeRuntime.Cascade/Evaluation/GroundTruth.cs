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
/// <param name="Objects">COCO labels of the objects in view (hand-labelled per photo).</param>
/// <param name="Text">Text shown on a sign in the shot, or null.</param>
public sealed record TruthShot(double Start, double End, string Image, string Camera, IReadOnlyList<string> Objects, string? Text);

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
/// <param name="Objects">COCO labels in view.</param>
/// <param name="Speech">True when someone speaks.</param>
/// <param name="Text">Sign text in view, or null.</param>
public sealed record TruthSpan(double Start, double End, IReadOnlyList<string> Objects, bool Speech, string? Text);

/// <summary>Reflection-free JSON for ground truth (NativeAOT).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GroundTruth))]
public sealed partial class GroundTruthJson : JsonSerializerContext;
