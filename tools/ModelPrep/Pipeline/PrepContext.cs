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

    public Inference.IInference CreateInference() => new Inference.OrtInference();

    public void Log(string message) => Console.MarkupLine(Markup.Escape(message));

    /// <summary>Runs a long step under a Spectre.Console progress bar; the step reports (phase, fraction done).</summary>
    public T WithProgress<T>(string title, Func<Action<string, double>, T> step) =>
        Console.Progress().AutoClear(true).Start(p =>
        {
            var task = p.AddTask(Markup.Escape(title), maxValue: 1.0);
            return step((phase, fraction) =>
            {
                task.Description = Markup.Escape($"{title}: {phase}");
                task.Value = fraction;
            });
        });

    /// <summary>The fetched source files of a recipe (fetching them when missing).</summary>
    public IReadOnlyList<string> SourceFiles(ModelRecipe recipe) => Fetcher.Fetch(Sources.Get(recipe.Source), Paths.SourceDir(recipe.Name));
}
