using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Sources;
using Spectre.Console;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>What every step needs: paths, pinned sources, the selected recipes, and a log.</summary>
internal sealed class PrepContext
{
    public PrepContext(PrepPaths paths, IReadOnlyList<ModelRecipe> recipes, IAnsiConsole console)
    {
        Paths = paths;
        Recipes = recipes;
        Console = console;
        Sources = SourcesFile.Load(paths.SourcesFile);
        Fetcher = new Fetcher(paths.Deps, Log);
        Node = new NodeRunner(paths.ReferenceDir);
    }

    public PrepPaths Paths { get; }

    public IReadOnlyList<ModelRecipe> Recipes { get; }

    public IAnsiConsole Console { get; }

    public SourcesFile Sources { get; }

    public Fetcher Fetcher { get; }

    public NodeRunner Node { get; }

    public void Log(string message) => Console.MarkupLine(Markup.Escape(message));

    /// <summary>The fetched source files of a recipe (fetching them when missing).</summary>
    public IReadOnlyList<string> SourceFiles(ModelRecipe recipe) => Fetcher.Fetch(Sources.Get(recipe.Source), Paths.SourceDir(recipe.Name));
}
