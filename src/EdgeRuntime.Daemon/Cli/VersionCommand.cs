using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Daemon.Cli;

/// <summary><c>edge version</c>: EdgeRuntime, .NET, and the ONNX Runtime native library as it reports itself, with its execution providers.</summary>
internal static class VersionCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print versions of EdgeRuntime, .NET and the ONNX Runtime native library.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            var plus = version.IndexOf('+');
            context.Out.WriteLine($"EdgeRuntime {(plus > 0 ? version[..plus] : version)}");
            context.Out.WriteLine($".NET {Environment.Version} ({RuntimeInformation.RuntimeIdentifier}, {EdgeRuntime.Core.Hosting.MachineDescription.Compilation})");
            var onnxPath = context.Environment.GetValueOrDefault("EDGE_Onnx__LibraryPath");
            if (!string.IsNullOrWhiteSpace(onnxPath))
            {
                OrtNativeLibrary.Configure(onnxPath);
            }
            context.Out.WriteLine($"ONNX Runtime {OrtNativeLibrary.Version} ({OrtNativeLibrary.LoadedFrom})");
            // Compiled in is not the same as usable: a provider's own library or driver may be missing on this machine,
            // and one configuration can name may not be in this build at all (ONNX Runtime says which).
            using var runtime = new OrtRuntime(new OnnxOptions());
            var providers = runtime.ProbeExecutionProviders();
            context.Out.WriteLine($"Execution providers: {string.Join(", ", providers.Where(p => p.Usable).Select(p => p.Name))}");
            foreach (var p in providers.Where(p => !p.Usable))
            {
                context.Out.WriteLine($"  {(p.InBuild ? "compiled in but " : "")}not usable here: {p.Name} ({p.Detail})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
