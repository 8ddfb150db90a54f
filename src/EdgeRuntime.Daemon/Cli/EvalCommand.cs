using System.CommandLine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// <c>edge eval --scenarios DIR --report FILE [--json] [--repeat-baseline]</c>: every scenario twice through the real models
/// (cascade and always-full; always-full once more with <c>--repeat-baseline</c>), scored against ground truth; a markdown
/// report with SVG plots, and the figures as JSON.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EdgeCli.ConfigOptions();
        var scenarios = new Option<DirectoryInfo>("--scenarios") { Description = "A scenario folder, or a folder of them (each with truth.json).", Required = true };
        var report = new Option<FileInfo>("--report") { Description = "Markdown report to write; SVG plots go beside it.", Required = true };
        var json = new Option<bool>("--json") { Description = "Also write the figures as JSON (the report's name with .json)." };
        var fast = new Option<bool>("--fast") { Description = "Replay as fast as the cascade takes it (Pacing=asfast) instead of at real time: tier 2 then sees fewer frames, and latencies are not meaningful." };
        var seconds = new Option<double?>("--seconds") { Description = "Only the first N seconds of each scenario." };
        var repeatBaseline = new Option<bool>("--repeat-baseline") { Description = "Run always-full a second time and report how well it agrees with itself (the ceiling of any agreement against it)." };
        var command = new Command("eval", "Evaluate the cascade against always-full fusion and ground truth on generated scenarios.");
        options.AddTo(command);
        command.Options.Add(scenarios);
        command.Options.Add(report);
        command.Options.Add(json);
        command.Options.Add(fast);
        command.Options.Add(seconds);
        command.Options.Add(repeatBaseline);
        command.SetAction((parse, token) =>
        {
            var (_, edgeOptions) = context.LoadConfiguration(parse.GetValue(options.Config)?.FullName, parse.GetValue(options.Profile), parse.GetValue(options.Set) ?? []);
            OrtNativeLibrary.Configure(edgeOptions.Onnx.LibraryPath);
            var dirs = Evaluator.FindScenarios(parse.GetValue(scenarios)!.FullName);
            if (dirs.Count == 0)
            {
                context.Error.WriteLine($"edge eval: no scenario (folder with {GroundTruth.FileName}) under {parse.GetValue(scenarios)!.FullName}");
                return Task.FromResult(ExitCodes.BadConfiguration);
            }
            using var runtime = new OrtRuntime(edgeOptions.Onnx);
            using var loaded = LoadedModels.Load(runtime, edgeOptions.Models, edgeOptions.Home);
            var evaluator = new Evaluator(edgeOptions.Cascade, loaded.Models, TimeProvider.System);
            var realTime = !parse.GetValue(fast);
            var runs = new List<Evaluator.ScenarioRuns>();
            foreach (var dir in dirs)
            {
                token.ThrowIfCancellationRequested();
                var run = evaluator.Run(dir, realTime ? ReplayPacing.RealtimeLossless : ReplayPacing.AsFast, parse.GetValue(seconds),
                    m => context.Error.WriteLine("edge eval: " + m), token, parse.GetValue(repeatBaseline));
                runs.Add(run);
                var f = run.Figures;
                context.Out.WriteLine($"{f.Name}: speech F1 {f.Cascade.SpeechFrameF1:F3}, object recall {f.Cascade.ObjectRecall:F3}, spoken-claim agreement {f.SpokenAgreement:P1}, event agreement {f.Agreement:P1}, state agreement {f.StateAgreement:P1}, compute {f.ComputeRatio:P1} of always-full"
                    + (f.BaselineRepeat is { } b ? $"; always-full against itself {b.Agreement:P1} (state {b.StateAgreement:P1})" : ""));
            }
            var result = new EvalResult
            {
                Machine = $"{EdgeRuntime.Core.Hosting.MachineDescription.Cpu()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; "
                    + $"daemon {EdgeRuntime.Core.Hosting.MachineDescription.Runtime()}",
                Command = "edge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                RealTime = realTime,
                Scenarios = runs.Select(r => r.Figures).ToList(),
                Total = Evaluator.Total(runs),
            };
            EvalReport.Write(parse.GetValue(report)!.FullName, result, runs, parse.GetValue(json));
            var t = result.Total;
            context.Out.WriteLine($"total: speech F1 {t.Cascade.SpeechFrameF1:F3} (segments {t.Cascade.SpeechSegmentF1:F3}), object recall {t.Cascade.ObjectRecall:F3} precision {t.Cascade.ObjectPrecision:F3}, CER {t.Cascade.Cer:F3}, " +
                                  $"spoken-claim agreement {t.SpokenAgreement:P1}, event agreement {t.Agreement:P1} (state {t.StateAgreement:P1}), compute {t.ComputeRatio:P1} of always-full, fast p95 {t.Cascade.FastP95Ms:F1} ms, full p95 {t.Cascade.FullP95Ms:F0} ms, peak RSS {t.Cascade.PeakRssMb:F0} MB"
                                  + (t.BaselineRepeat is { } tb ? $"; always-full against itself {tb.Agreement:P1} (state {tb.StateAgreement:P1})" : ""));
            context.Out.WriteLine("report: " + parse.GetValue(report)!.FullName);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
