using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Daemon.Bench;
using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// <c>edge models bench [--profile P] [--runs N] [--model NAME] [--min-speedup X] [--write-profile FILE] [--json]</c>:
/// every manifest model that ships a float and an INT8 file, measured on this machine (agreement on the held-out inputs,
/// median and p90 latency), the file to load chosen by <see cref="Int8Rule"/>, and optionally written into a profile.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EdgeCli.ConfigOptions();
        var runs = new Option<int>("--runs") { Description = "Timed runs per file (after the agreement pass has warmed both up).", DefaultValueFactory = _ => 20 };
        var models = new Option<string[]>("--model") { Description = "Only these models (default: every one with an INT8 and a float file).", AllowMultipleArgumentsPerToken = true };
        var margin = new Option<double>("--min-speedup") { Description = "How much faster INT8 must be to be chosen.", DefaultValueFactory = _ => Int8Rule.DefaultMinSpeedup };
        var write = new Option<FileInfo?>("--write-profile") { Description = "Write the choices (Cascade:Models:*Precision) into this profile JSON, keeping its other settings." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON instead of one line per model." };
        var command = new Command("bench", "Measure float against INT8 per model on this machine and choose which to load.");
        options.AddTo(command);
        command.Options.Add(runs);
        command.Options.Add(models);
        command.Options.Add(margin);
        command.Options.Add(write);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(runs);
            var minSpeedup = parse.GetValue(margin);
            if (n < 1 || !(minSpeedup >= 1))
            {
                context.Error.WriteLine(n < 1 ? "edge models bench: --runs must be at least 1" : "edge models bench: --min-speedup must be at least 1");
                return ExitCodes.BadConfiguration;
            }
            var (_, edge) = context.LoadConfiguration(parse.GetValue(options.Config)?.FullName, parse.GetValue(options.Profile), parse.GetValue(options.Set) ?? []);
            OrtNativeLibrary.Configure(edge.Onnx.LibraryPath);
            var manifestPath = Path.IsPathRooted(edge.Models.Manifest) ? edge.Models.Manifest : Path.Combine(edge.Home, edge.Models.Manifest);
            ModelManifest manifest;
            try
            {
                manifest = ModelManifest.Load(manifestPath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new BadInputException("Cascade:Models:Manifest: " + e.Message, e);
            }
            var wanted = parse.GetValue(models) ?? [];
            foreach (var name in wanted.Where(w => !manifest.Models.Any(m => string.Equals(m.Name, w, StringComparison.OrdinalIgnoreCase))))
            {
                context.Error.WriteLine($"edge models bench: --model {name}: not in {manifestPath}; known: {string.Join(", ", manifest.Models.Select(m => m.Name))}");
                return ExitCodes.BadConfiguration;
            }
            var entries = manifest.Models.Where(m => ModelBench.HasInt8Pair(m) && (wanted.Length == 0 || wanted.Contains(m.Name, StringComparer.OrdinalIgnoreCase))).ToList();
            if (entries.Count == 0)
            {
                context.Error.WriteLine($"edge models bench: no model in {manifestPath} ships both a float and an INT8 file");
                return ExitCodes.Failed;
            }
            // Warnings on standard error: an execution provider that does not attach says why there.
            using var loggerFactory = context.CreateLoggerFactory(LogLevel.Warning);
            using var runtime = new OrtRuntime(edge.Onnx, loggerFactory);
            var bench = new ModelBench(runtime, manifest, new ModelLoadOptions { IntraOpThreads = edge.Models.Threads }, n, edge.Home);
            var results = new List<BenchResult>();
            var failed = 0;
            foreach (var entry in entries)
            {
                try
                {
                    results.Add(Result(entry, bench.Measure(entry), edge.Models, minSpeedup));
                    if (!parse.GetValue(json)) context.Out.WriteLine(Line(results[^1]));
                }
                catch (FileNotFoundException e)
                {
                    // Held-out inputs come from Debian packages (or ModelPrep's generated audio): without them the model
                    // keeps the manifest's default file, which is no failure of the model.
                    context.Error.WriteLine($"edge models bench: skipped: {e.Message}");
                }
                catch (Exception e) when (e is IOException or InvalidDataException or OrtModelException or KeyNotFoundException)
                {
                    context.Error.WriteLine($"edge models bench: {e.Message}");
                    failed++;
                }
            }
            if (parse.GetValue(json))
            {
                var report = new BenchReport(EdgeRuntime.Core.Hosting.MachineDescription.Cpu(), OrtNativeLibrary.Version, edge.Models.Threads, minSpeedup, n, results);
                context.Out.WriteLine(JsonSerializer.Serialize(report, BenchJson.Default.BenchReport));
            }
            if (parse.GetValue(write) is { } file && results.Count > 0)
            {
                BenchProfile.Write(file.FullName, results);
                if (!parse.GetValue(json)) context.Out.WriteLine($"wrote {string.Join(", ", results.Where(r => r.Role is not null).Select(r => $"Cascade:Models:{r.Role}Precision={r.Choice}"))} to {file.FullName}");
            }
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static BenchResult Result(ModelEntry entry, (double Agreement, string Detail, LatencyStats Float, LatencyStats Int8, string Providers) m, ModelPaths paths, double minSpeedup)
    {
        var target = entry.Figures?.Target ?? throw new InvalidDataException($"model {entry.Name}: the manifest states no figures.target to judge INT8 against");
        var choice = Int8Rule.Decide(m.Float.MedianMs, m.Int8.MedianMs, m.Agreement, target, minSpeedup);
        return new BenchResult
        {
            Model = entry.Name,
            Task = entry.Task ?? "",
            Role = ModelPaths.Roles.FirstOrDefault(r => string.Equals(paths.NameOf(r), entry.Name, StringComparison.OrdinalIgnoreCase)),
            Metric = entry.Figures.Metric,
            Target = target,
            Agreement = m.Agreement,
            AgreementDetail = m.Detail,
            Float = m.Float,
            Int8 = m.Int8,
            Providers = m.Providers,
            Choice = choice.Precision,
            Reason = choice.Reason,
        };
    }

    private static string Line(BenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Model}: float32 {r.Float.MedianMs:F2} ms (p90 {r.Float.P90Ms:F2}), int8 {r.Int8.MedianMs:F2} ms (p90 {r.Int8.P90Ms:F2}), {r.Speedup:F2}x; " +
        $"agreement {r.Agreement:F3} (target {r.Target:F2}) -> {r.Choice}: {r.Reason} [{r.Float.Runs} runs each on {r.Providers}]");
}
