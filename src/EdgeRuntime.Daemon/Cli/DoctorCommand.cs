using System.CommandLine;
using EdgeRuntime.Daemon.Doctor;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// <c>edge doctor</c>: for a person at a freshly installed board, one line per check of what the configuration (the
/// same <c>--config</c>, <c>--profile</c> and <c>--set</c> as <c>edge run</c>) needs here: camera, microphone, GPIO,
/// distance sensor, broker, models, execution providers, disk room, the service. Exit 0 when every check passes, 1
/// when any fails, 2 for bad usage or configuration. Reads only: it starts, stops and writes nothing (bar a probe file
/// created and deleted in the outbox's folder).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EdgeCli.ConfigOptions();
        var json = new Option<bool>("--json") { Description = "Write the results as one JSON document instead of lines." };
        var command = new Command("doctor", "Check that the camera, microphone, GPIO, broker, models, providers, disk and service are ready; say what to do about each that is not.");
        options.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var (_, edgeOptions) = context.LoadConfiguration(parse.GetValue(options.Config)?.FullName, parse.GetValue(options.Profile), parse.GetValue(options.Set) ?? []);
            var probes = context.DoctorProbes ?? new DoctorProbes { OpenGpio = context.GpioDriver, OpenI2c = context.I2cDevice };
            var results = new List<CheckResult>();
            foreach (var check in DoctorChecks.For(edgeOptions, probes))
            {
                var result = check.Run();
                results.Add(result);
                if (!parse.GetValue(json))
                {
                    // As each check ends, so a slow one (the broker's timeout) shows where it is.
                    context.Out.WriteLine(DoctorReport.Line(result));
                    context.Out.Flush();
                }
            }
            context.Out.WriteLine(parse.GetValue(json) ? DoctorReport.Json(results) : DoctorReport.Summary(results));
            return results.All(r => r.Ok) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
