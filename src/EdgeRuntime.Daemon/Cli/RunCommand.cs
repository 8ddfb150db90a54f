using System.CommandLine;
using System.Runtime.InteropServices;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Daemon.Hosting;
using EdgeRuntime.Daemon.Hosting.Systemd;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Output;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Cli;

/// <summary><c>edge run</c>: validates configuration, builds the pipeline and runs it until end of input or SIGINT/SIGTERM.</summary>
internal static partial class RunCommand
{
    /// <summary>How long the end of a run waits for the broker before printing the summary.</summary>
    private static readonly TimeSpan FlushBudget = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context)
    {
        var options = new EdgeCli.ConfigOptions();
        var command = new Command("run", "Run the perception pipeline until end of input or SIGINT/SIGTERM.");
        options.AddTo(command);
        command.SetAction(async (parse, token) =>
        {
            var (configuration, edgeOptions) = context.LoadConfiguration(
                parse.GetValue(options.Config)?.FullName, parse.GetValue(options.Profile), parse.GetValue(options.Set) ?? []);
            using var loggerFactory = context.CreateLoggerFactory(edgeOptions.LogLevel);
            var logger = loggerFactory.CreateLogger("edge");
            OrtNativeLibrary.Configure(edgeOptions.Onnx.LibraryPath);

            // Under systemd (Type=notify): READY=1 once the models are loaded, STOPPING=1 when a stop begins.
            using var systemd = SdNotify.FromEnvironment(context.Environment);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            void OnSignal(PosixSignalContext signal)
            {
                signal.Cancel = true; // we stop ourselves, cleanly, and exit 0
                LogSignal(logger, signal.Signal.ToString());
                systemd?.Stopping();
                stop.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            LogStart(logger, context.Home, parse.GetValue(options.Profile) ?? context.Environment.GetValueOrDefault("EDGE_PROFILE") ?? "(none)");
            // Recordings and models before the output: one that cannot be used is bad input, reported before anything is published.
            ReplayMediaCheck.Check(edgeOptions);
            // The cascade component owns the models once built and disposes them when its last model call has returned.
            var models = PipelineModels.LoadIfNeeded(edgeOptions, loggerFactory);
            // The output lives longer than the pipeline: it says "online" before the first component starts and
            // "stopped" after the last one is disposed, and keeps unsent events in its outbox across restarts.
            var events = EventSinkFactory.Create(edgeOptions.Mqtt, PipelineComposition.PausableSensors(edgeOptions), loggerFactory, context.Out,
                jsonl: edgeOptions.Jsonl);
            await using (events.ConfigureAwait(false))
            {
                await events.StartAsync(stop.Token).ConfigureAwait(false);
                LogOutput(logger, events.Name, edgeOptions.Mqtt.Enabled ? $"{edgeOptions.Mqtt.Host}:{edgeOptions.Mqtt.Port}"
                    : edgeOptions.Jsonl.Enabled ? "standard output and " + edgeOptions.Jsonl.Path : "standard output");
                // Every user request (MQTT command, GPIO button, a line on standard input) goes through one inbox to the cascade.
                var requests = new CommandInbox();
                await using var requestsScope = requests.ConfigureAwait(false);
                requests.Attach(events.Commands, command => command);
                using var typed = context.StandardInputRequests ? StandardInputRequests.Start(requests, TimeProvider.System, loggerFactory.CreateLogger("stdin")) : null;
                var components = PipelineComposition.Build(configuration, edgeOptions, loggerFactory, events, requests, models, context.GpioDriver, context.I2cDevice);
                var host = new PipelineHost(components, edgeOptions.ShutdownTimeout, loggerFactory.CreateLogger("pipeline"));
                systemd?.Ready();
                var fastPath = components.OfType<CascadeReplayComponent>().FirstOrDefault();
                var watchdog = ServiceWatchdog.Start(systemd, context.Environment, fastPath is null ? null : () => fastPath.Heartbeats, TimeProvider.System, logger, stop.Token);
                bool ok;
                try
                {
                    ok = await host.RunAsync(stop.Token).ConfigureAwait(false);
                    systemd?.Stopping();
                }
                finally
                {
                    if (watchdog is not null)
                    {
                        await watchdog.DisposeAsync().ConfigureAwait(false);
                    }
                }
                foreach (var cascade in components.OfType<CascadeReplayComponent>())
                {
                    if (cascade.Report is { } report)
                    {
                        await FlushBeforeSummaryAsync(events, logger).ConfigureAwait(false);
                        await context.Out.WriteLineAsync(RunSummary.Format(report)).ConfigureAwait(false);
                    }
                }
                return ok ? ExitCodes.Ok : ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>
    /// Lets the summary count what was delivered: waits for the output to deliver what the run queued, but only while
    /// the broker is connected and at most <see cref="FlushBudget"/>, so ending with the broker down or refusing the
    /// login is as quick and clean as any other end; what is not delivered stays in the outbox for the next start.
    /// </summary>
    private static async Task FlushBeforeSummaryAsync(IEventSink events, ILogger logger)
    {
        if (events.Stats.Connected)
        {
            using var budget = new CancellationTokenSource(FlushBudget);
            try
            {
                await events.FlushAsync(budget.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // Not delivered in time, or the output stopped: reported below.
            }
        }
        var stats = events.Stats;
        LogUndelivered(logger, events.Name, stats.Pending, stats.Connected ? "it did not acknowledge them in time" : "it is not connected");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sink}: {Pending} event message(s) not delivered to the broker ({Reason}); they stay in the outbox for the next start")]
    private static partial void LogUndelivered(ILogger logger, string sink, long pending, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "edge run: home {Home}, profile {Profile}")]
    private static partial void LogStart(ILogger logger, string home, string profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "events go to {Sink} ({Where})")]
    private static partial void LogOutput(ILogger logger, string sink, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "received {Signal}")]
    private static partial void LogSignal(ILogger logger, string signal);
}
