using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Sources;
using Spectre.Console;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>A ModelPrep context over a fresh work folder, logging into a string.</summary>
internal static class Prep
{
    public static PrepContext Context(string work, string? output, params ModelRecipe[] recipes)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()), Interactive = InteractionSupport.No });
        return new PrepContext(new PrepPaths(Repo.Root, work, output), recipes, console);
    }

    /// <summary>Makes <paramref name="model"/> the shipped <paramref name="name"/> of the context's output folder, with a manifest listing it.</summary>
    public static void Ship(PrepContext context, string name, string model)
    {
        Directory.CreateDirectory(context.Paths.Output);
        var file = Path.Combine(context.Paths.Output, name + ".onnx");
        File.Copy(model, file, overwrite: true);
        new ModelManifest { Models = [new ModelEntry { Name = name, File = name + ".onnx", Sha256 = Fetcher.Sha256Of(file) }] }
            .Save(Path.Combine(context.Paths.Output, ModelManifest.FileName));
    }
}

/// <summary>
/// Runs the small model's pipeline (BlazeFace: convert, calibrate, quantize, report) twice in separate work folders,
/// once for all the tests that need its outputs. The report goes to its own folder (<see cref="FirstReport"/>), apart
/// from the output folder the tests ship models into.
/// </summary>
public sealed class BlazeFacePipelineFixture : IDisposable
{
    /// <summary>Timed runs per latency figure in the report: the figures are not compared, a few runs do.</summary>
    private const int ReportRuns = 3;

    private readonly TempDir _first = Repo.TempDir("modelprep-run1");
    private readonly TempDir _second = Repo.TempDir("modelprep-run2");

    public BlazeFacePipelineFixture()
    {
        (First, FirstReport) = Run(_first.Path);
        (Second, SecondReport) = Run(_second.Path);
    }

    internal PrepContext First { get; }

    internal PrepContext Second { get; }

    internal PrepContext FirstReport { get; }

    internal PrepContext SecondReport { get; }

    private static (PrepContext Pipeline, PrepContext Report) Run(string work)
    {
        var context = Prep.Context(work, Path.Combine(work, "out"), Catalog.BlazeFace);
        ConvertStep.Run(context, verify: false);
        using var inference = context.CreateInference();
        QuantizeStep.Run(context, inference);
        var report = Prep.Context(work, Path.Combine(work, "report"), Catalog.BlazeFace);
        ReportStep.Run(report, inference, ReportRuns);
        return (context, report);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
