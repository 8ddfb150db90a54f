using System.CommandLine;
using EdgeRuntime.Inference.Manifest;

namespace EdgeRuntime.Daemon.Cli;

/// <summary><c>edge models [verify|bench]</c>: the models listed in models-quantized/manifest.json, a hash check, and float against INT8 on this machine.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var manifestOption = new Option<FileInfo?>("--manifest") { Description = "Manifest to read (default: models-quantized/manifest.json in the home folder)." };
        var command = new Command("models", "List the shipped models.");
        command.Options.Add(manifestOption);
        command.SetAction(parse => List(context, Load(context, parse.GetValue(manifestOption))));

        var verify = new Command("verify", "Check every model file's sha256 against the manifest.");
        verify.Options.Add(manifestOption);
        verify.SetAction(parse => Verify(context, Load(context, parse.GetValue(manifestOption))));
        command.Subcommands.Add(verify);
        command.Subcommands.Add(BenchCommand.Create(context));
        return command;
    }

    private static ModelManifest? Load(CliContext context, FileInfo? file)
    {
        var path = file?.FullName ?? Path.Combine(context.Home, "models-quantized", ModelManifest.FileName);
        try
        {
            return ModelManifest.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.Error.WriteLine("edge models: " + e.Message);
            return null;
        }
    }

    private static int List(CliContext context, ModelManifest? manifest)
    {
        if (manifest is null)
        {
            return ExitCodes.Failed;
        }
        if (manifest.Models.Count == 0)
        {
            context.Out.WriteLine($"no models listed in {Path.Combine(manifest.Directory, ModelManifest.FileName)}");
            return ExitCodes.Ok;
        }
        context.Out.WriteLine($"{"NAME",-22} {"TASK",-20} {"PRECISION",-10} {"SIZE",10}  FILE");
        foreach (var m in manifest.Models)
        {
            var path = manifest.PathOf(m);
            var size = File.Exists(path) ? $"{new FileInfo(path).Length / 1e6:F2} MB" : "missing";
            context.Out.WriteLine($"{m.Name,-22} {m.Task ?? "-",-20} {m.Precision ?? "-",-10} {size,10}  {m.File}");
        }
        return ExitCodes.Ok;
    }

    private static int Verify(CliContext context, ModelManifest? manifest)
    {
        if (manifest is null)
        {
            return ExitCodes.Failed;
        }
        var failed = 0;
        foreach (var m in manifest.Models)
        {
            // Every shipped file of the model: the default, then the variants a board profile may pick.
            var ok = true;
            foreach (var file in m.Precisions.Select(m.WithPrecision))
            {
                var check = manifest.Verify(file);
                var label = ReferenceEquals(file, m) ? m.Name : $"{m.Name} ({file.Precision})";
                (check.Ok ? context.Out : context.Error).WriteLine($"{(check.Ok ? "ok  " : "FAIL")} {label}: {check.Detail}");
                ok &= check.Ok;
            }
            failed += ok ? 0 : 1;
        }
        context.Out.WriteLine(failed == 0
            ? $"{manifest.Models.Count} model(s) verified"
            : $"{failed} of {manifest.Models.Count} model(s) failed verification");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
