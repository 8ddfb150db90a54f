using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeRuntime.Cascade.Evaluation;

namespace EdgeRuntime.Tools.Scenarios.Spec;

/// <summary>
/// One scenario, written by hand (the sample) or expanded from a <see cref="SetSpec"/> (the evaluation set).
/// Everything the output depends on is in here or in the image catalog, so a spec's hash names its output.
/// </summary>
/// <param name="Name">Folder name of the output.</param>
/// <param name="Shots">Camera shots, back to back; their lengths add up to the scenario's duration.</param>
/// <param name="Speech">Utterances and when they start.</param>
/// <param name="Noise">Noise bursts.</param>
/// <param name="BackgroundDb">Level of the constant brown-noise floor (a real microphone is never silent), dBFS.</param>
public sealed record ScenarioSpec(
    string Name,
    IReadOnlyList<ShotSpec> Shots,
    IReadOnlyList<SpeechSpec> Speech,
    IReadOnlyList<NoiseSpec> Noise,
    double BackgroundDb = -60);

/// <summary>A shot: a catalog photo, how long, how the virtual camera moves, and an optional sign.</summary>
/// <param name="Image">Catalog name.</param>
/// <param name="Seconds">Length.</param>
/// <param name="Camera">static, pan-left, pan-right, zoom-in, zoom-out or shake.</param>
/// <param name="Sign">Text of a sign painted onto the photo, or null.</param>
public sealed record ShotSpec(string Image, double Seconds, string Camera = "static", string? Sign = null);

/// <summary>An utterance synthesized by espeak-ng.</summary>
/// <param name="At">Start time of the clip (its voiced part starts a little later), seconds.</param>
/// <param name="Text">Sentence.</param>
/// <param name="Voice">espeak-ng voice name.</param>
/// <param name="Rate">Words per minute.</param>
/// <param name="GainDb">Gain applied to the clip.</param>
public sealed record SpeechSpec(double At, string Text, string Voice = "en-us", int Rate = 165, double GainDb = -6);

/// <summary>A sox noise burst.</summary>
/// <param name="At">Start, seconds.</param>
/// <param name="Seconds">Length.</param>
/// <param name="Kind">white, pink or brown.</param>
/// <param name="GainDb">Peak-ish level, dBFS.</param>
public sealed record NoiseSpec(double At, double Seconds, string Kind = "pink", double GainDb = -20);

/// <summary>
/// An evaluation set: <see cref="Count"/> scenarios composed from pools by a seeded random generator, so the set is
/// data (this file) plus a seed, and regenerating it gives the same scenarios.
/// </summary>
/// <param name="Seed">Random seed.</param>
/// <param name="Count">How many scenarios.</param>
/// <param name="Seconds">Length of each scenario.</param>
/// <param name="NamePrefix">Scenario folder names are NamePrefix + two-digit index.</param>
/// <param name="PeopleImages">Photos with people in them (speech is placed mostly over these).</param>
/// <param name="OtherImages">Photos with objects or no COCO object at all.</param>
/// <param name="SignBackgrounds">Photos a sign can be painted on.</param>
/// <param name="Signs">Sign texts.</param>
/// <param name="Sentences">Sentences to speak.</param>
/// <param name="Voices">espeak-ng voices.</param>
public sealed record SetSpec(
    int Seed,
    int Count,
    double Seconds,
    string NamePrefix,
    IReadOnlyList<string> PeopleImages,
    IReadOnlyList<string> OtherImages,
    IReadOnlyList<string> SignBackgrounds,
    IReadOnlyList<string> Signs,
    IReadOnlyList<string> Sentences,
    IReadOnlyList<string> Voices);

/// <summary>A spec file holds either one scenario or a set.</summary>
/// <param name="Scenario">A single scenario.</param>
/// <param name="Set">A generated set.</param>
public sealed record SpecFile(ScenarioSpec? Scenario, SetSpec? Set);

/// <summary>A photo in the catalog and everything a sighted person would say is in it (data/images.json explains the fields).</summary>
/// <param name="Path">Absolute path (Debian opencv-doc or python3-skimage).</param>
/// <param name="People">How many people (0 when none).</param>
/// <param name="Objects">Every other COCO object a person would name, with its count (hand-annotated).</param>
/// <param name="Text">Legible text in the photo.</param>
/// <param name="Acceptable">Labels that are not wrong to say, with any count.</param>
/// <param name="PeopleMax">The most people that may be counted (a crowd), or null when <paramref name="People"/> is exact.</param>
public sealed record CatalogImage(string Path, int People, IReadOnlyList<TruthObject> Objects, IReadOnlyList<string> Text,
    IReadOnlyList<string> Acceptable, int? PeopleMax = null)
{
    /// <summary>Everything in view, people first (as <c>person</c>), as ground truth carries it.</summary>
    [JsonIgnore]
    public IReadOnlyList<TruthObject> InView =>
        People > 0 ? [new TruthObject("person", People, PeopleMax), .. Objects] : Objects;
}

/// <summary>Reflection-free JSON for specs.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpecFile))]
[JsonSerializable(typeof(ScenarioSpec))]
public sealed partial class SpecJson : JsonSerializerContext;

/// <summary>Reflection-free JSON for the catalog: every annotation field is required, so a photo without one is rejected.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, CatalogImage>))]
public sealed partial class CatalogJson : JsonSerializerContext;
