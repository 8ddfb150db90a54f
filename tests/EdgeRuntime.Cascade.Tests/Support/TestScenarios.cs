using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Tools.Scenarios;
using EdgeRuntime.Tools.Scenarios.Spec;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>
/// Short scenarios generated for tests by the real generator (real photos, espeak-ng, sox, ffmpeg), cached under
/// .deps/scenarios/test/ by spec hash so a second run reuses them.
/// </summary>
internal static class TestScenarios
{
    private static readonly Lazy<(string Dir, GroundTruth Truth)> GatesScenario = new(() => Generate(new ScenarioSpec(
        "test-gates",
        [
            new ShotSpec("astronaut", 2, "static"),
            new ShotSpec("coffee", 2, "static"),
            new ShotSpec("cat", 2, "pan-right"),
        ],
        [new SpeechSpec(0.3, "Hello there, how are you today?", "en-us")],
        [new NoiseSpec(4.5, 0.8, "pink", -20)])));

    private static readonly Lazy<(string Dir, GroundTruth Truth)> SignScenario = new(() => Generate(new ScenarioSpec(
        "test-sign", [new ShotSpec("brick", 2, "static", "EXIT")], [], [])));

    private static readonly Lazy<(string Dir, GroundTruth Truth)> EndToEndScenario = new(() => Generate(new ScenarioSpec(
        "test-e2e",
        [
            new ShotSpec("astronaut", 4, "static"),
            new ShotSpec("coffee", 3, "zoom-in"),
            new ShotSpec("aerial", 3, "static", "EXIT"),
        ],
        [
            new SpeechSpec(0.5, "Good afternoon, the bus will arrive soon.", "en-us"),
            new SpeechSpec(7.4, "Can you hear me?", "en-gb"),
        ],
        [])));

    /// <summary>10 s: a person speaking, a cup, then speech over an aerial view with an EXIT sign (nobody in view).</summary>
    public static (string Dir, GroundTruth Truth) EndToEnd => EndToEndScenario.Value;

    /// <summary>2 s of an EXIT sign painted on a brick wall.</summary>
    public static (string Dir, GroundTruth Truth) Sign => SignScenario.Value;

    /// <summary>6 s: a static person shot with speech, a cut to a static cup, a panned cat with a noise burst.</summary>
    public static (string Dir, GroundTruth Truth) Gates => GatesScenario.Value;

    public static (string Dir, GroundTruth Truth) Generate(ScenarioSpec spec)
    {
        var catalog = ScenarioGenerator.LoadCatalog(Repo.Path("tools", "Scenarios", "data", "images.json"));
        var dir = Repo.Path(".deps", "scenarios", "test", spec.Name);
        var hash = ScenarioGenerator.Hash(spec, catalog);
        var truth = ScenarioGenerator.IsUpToDate(dir, hash)
            ? GroundTruth.Load(Path.Combine(dir, GroundTruth.FileName))
            : ScenarioGenerator.Generate(spec, catalog, dir);
        return (dir, truth);
    }
}
