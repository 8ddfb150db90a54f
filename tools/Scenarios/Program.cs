using System.Diagnostics;
using EdgeRuntime.Tools.Scenarios;

// edge-scenarios --spec FILE --catalog FILE --out DIR [--force]
// A scenario spec writes DIR/{video.mp4,audio.wav,truth.json}; a set spec writes DIR/<name>/ for each of its scenarios.
// Scenarios whose truth.json already carries the same spec hash are skipped.
string? spec = null, catalogPath = null, outDir = null;
var force = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--spec": spec = args[++i]; break;
        case "--catalog": catalogPath = args[++i]; break;
        case "--out": outDir = args[++i]; break;
        case "--force": force = true; break;
        default:
            Console.Error.WriteLine($"edge-scenarios: unknown argument '{args[i]}'\nusage: edge-scenarios --spec FILE --catalog FILE --out DIR [--force]");
            return 2;
    }
}
if (spec is null || catalogPath is null || outDir is null)
{
    Console.Error.WriteLine("usage: edge-scenarios --spec FILE --catalog FILE --out DIR [--force]");
    return 2;
}

var catalog = ScenarioGenerator.LoadCatalog(catalogPath);
var scenarios = ScenarioGenerator.LoadSpecs(spec);
var single = scenarios.Count == 1 && scenarios[0].Name == Path.GetFileName(Path.GetFullPath(outDir).TrimEnd('/'));
var total = Stopwatch.StartNew();
foreach (var scenario in scenarios)
{
    var dir = single ? outDir : Path.Combine(outDir, scenario.Name);
    var hash = ScenarioGenerator.Hash(scenario, catalog);
    if (!force && ScenarioGenerator.IsUpToDate(dir, hash))
    {
        Console.WriteLine($"{scenario.Name}: up to date");
        continue;
    }
    var clock = Stopwatch.StartNew();
    var truth = ScenarioGenerator.Generate(scenario, catalog, dir);
    Console.WriteLine($"{scenario.Name}: {truth.DurationSeconds:F1} s, {truth.Shots.Count} shots, {truth.Speech.Count} utterances, " +
                      $"{truth.Noise.Count} noise bursts in {clock.Elapsed.TotalSeconds:F1} s");
}
Console.WriteLine($"{scenarios.Count} scenario(s) in {total.Elapsed.TotalSeconds:F1} s");
return 0;
