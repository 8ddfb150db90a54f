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
/// Runs the small model's pipeline (BlazeFace: convert, calibrate, quantize) twice in separate work folders, once
/// for all the tests that need its outputs.
/// </summary>
public sealed class BlazeFacePipelineFixture : IDisposable
{
    private readonly TempDir _first = Repo.TempDir("modelprep-run1");
    private readonly TempDir _second = Repo.TempDir("modelprep-run2");

    public BlazeFacePipelineFixture()
    {
        First = Run(_first.Path);
        Second = Run(_second.Path);
    }

    internal PrepContext First { get; }

    internal PrepContext Second { get; }

    private static PrepContext Run(string work)
    {
        var context = Prep.Context(work, Path.Combine(work, "out"), Catalog.BlazeFace);
        ConvertStep.Run(context, verify: false);
        using var inference = context.CreateInference();
        QuantizeStep.Run(context, inference);
        return context;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
