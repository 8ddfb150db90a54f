using System.CommandLine;
using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>The <c>edge</c> command line: run, eval, devices, doctor, models, version.</summary>
internal static class EdgeCli
{
    /// <summary>Parses and runs one invocation; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, CliContext.FromProcess(stdout, stderr), cancellationToken);

    /// <summary>Runs with an explicit context (tests pass their own writers, home folder and environment).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand("EdgeRuntime: on-device multimodal perception daemon (camera + microphone → cascade → MQTT and speech).")
        {
            RunCommand.Create(context),
            EvalCommand.Create(context),
            DevicesCommand.Create(context),
            DoctorCommand.Create(context),
            ModelsCommand.Create(context),
            VersionCommand.Create(context),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine answers a usage error with exit 1; README (and scripts) read 1 as "a check failed".
            foreach (var error in parse.Errors)
            {
                await context.Error.WriteLineAsync("edge: " + error.Message).ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync("edge: see 'edge --help'").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // `run` installs its own SIGINT/SIGTERM handling so a clean stop exits 0.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationValidationException e)
        {
            await context.Error.WriteLineAsync("edge: " + e.Message).ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        catch (BadInputException e)
        {
            await context.Error.WriteLineAsync("edge: " + e.Message).ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }
        catch (DllNotFoundException e)
        {
            await context.Error.WriteLineAsync("edge: " + e.Message).ConfigureAwait(false);
            return ExitCodes.NativeLibraryMissing;
        }
    }

    /// <summary>Options shared by commands that read configuration.</summary>
    internal sealed class ConfigOptions
    {
        public Option<FileInfo?> Config { get; } = new("--config", "-c") { Description = "Extra JSON settings file, layered over config/appsettings.json." };

        public Option<string?> Profile { get; } = new("--profile", "-p") { Description = "Hardware profile from hardware/profiles/ (e.g. sample, rpi4, jetson-orin-nano)." };

        public Option<string[]> Set { get; } = new("--set") { Description = "Override one setting, e.g. --set Mqtt:Host=localhost (repeatable).", AllowMultipleArgumentsPerToken = false };

        public void AddTo(Command command)
        {
            command.Options.Add(Config);
            command.Options.Add(Profile);
            command.Options.Add(Set);
        }
    }
}
