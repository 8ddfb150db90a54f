using EdgeRuntime.Core.Alignment;
using System.Threading.Channels;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Output.Speech;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// The cascade: runs the real models (loaded before the pipeline starts, see <see cref="PipelineModels"/>; this component
/// owns them from then on and disposes them once its last model call returned) over the sensor rings through
/// <paramref name="live"/> (devices, or the replay camera and microphone of the <c>sample</c> profile: the same path); publishes events and
/// descriptions to the event sink, speaks descriptions when speech is enabled, obeys the user's requests (describe
/// now, read text, mute, pause a sensor: from MQTT, the GPIO button or standard input, all through
/// <paramref name="requests"/>), publishes <c>&lt;prefix&gt;/stats</c>, and keeps the run's report for the end-of-input summary.
/// </summary>
/// <remarks>
/// Design: three threads meet here. The session thread runs the feed and creates the engine; the command loop reads
/// requests; the stats loop samples. The engine reference and the early-request flag are written and read under
/// <c>requestGate</c>, so a request that arrives while the models load is either seen by the session thread when it
/// publishes the engine or sent to the engine by the command loop, never neither. The sampler is published with
/// Volatile.Write after the engine exists and only read by the stats loop and, once the run ended, by this method.
/// </remarks>
internal sealed partial class CascadeReplayComponent(EdgeOptions options, PipelineModels models, IEventSink events, ChannelReader<EdgeCommand> requests,
    ILoggerFactory loggerFactory, SensorRigFeed live, SpeechOutput? sharedSpeech = null) : IPipelineComponent
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("cascade");
    private FastPathHeartbeat? _heartbeat; // the engine's, published with Volatile.Write once it exists; read by the watchdog

    /// <summary>The fast path's heartbeat count (0 until the engine exists), for the systemd watchdog; any thread.</summary>
    public long Heartbeats => Volatile.Read(ref _heartbeat)?.Beats ?? 0;

    public string Name => "cascade";

    /// <summary>The finished run's report (null until the input ended).</summary>
    public RunReport? Report { get; private set; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Disposed here, after the session (and its tier-2 worker) returned, never while a model call may still run.
        using var loaded = models;
        // Shared with the distance sensor when one is configured (its owner disposes it), so mute silences both.
        using var ownSpeech = sharedSpeech is null ? new SpeechOutput(options.Speech, new EspeakEngine(options.Speech), TimeProvider.System) : null;
        var speech = sharedSpeech ?? ownSpeech!;
        var observer = new DescriptionObserver(speech, _logger);
        CascadeEngine? engine = null;
        var requestGate = new Lock(); // a request before the engine exists waits for it under this lock, never lost
        var (describeEarly, readEarly) = (false, false);
        void Request(bool readText)
        {
            lock (requestGate)
            {
                if (engine is null)
                {
                    describeEarly |= !readText;
                    readEarly |= readText;
                    return;
                }
            }
            if (readText)
            {
                engine.RequestTextReading();
            }
            else
            {
                engine.RequestDescription();
            }
        }
        using var commandsStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var commands = Task.Run(async () =>
        {
            var muted = false; // this loop is the only one that mutes, so it knows the state a toggle flips
            await foreach (var command in requests.ReadAllAsync(commandsStop.Token).ConfigureAwait(false))
            {
                switch (command)
                {
                    case DescribeNowCommand:
                        Request(readText: false);
                        break;
                    case ReadTextCommand:
                        Request(readText: true);
                        break;
                    case SensorCommand sensor when live.SetPaused(sensor.Sensor, sensor.Paused):
                        events.PublishState(sensor.Sensor, sensor.Paused ? "OFF" : "ON");
                        break;
                    case MuteCommand or MuteToggleCommand:
                        muted = command is MuteCommand mute ? mute.Muted : !muted;
                        speech.SetMuted(muted);
                        events.PublishState(CommandFeatures.Mute, muted ? "ON" : "OFF");
                        break;
                }
            }
        }, CancellationToken.None);
        LogLive(_logger, live.CameraFormat.ToString());
        Func<long> dropped = () => live.FramesDropped;
        StatsSampler? sampler = null;
        var stats = Task.Run(() => PublishStatsAsync(() => Volatile.Read(ref sampler), commandsStop.Token), CancellationToken.None);
        try
        {
            Report = await Task.Factory.StartNew(
                () => CascadeSession.Run(options.Cascade, loaded.Models, live.Run, events, TimeProvider.System, e =>
                    {
                        Volatile.Write(ref sampler, new StatsSampler(e, TimeProvider.System, dropped));
                        Volatile.Write(ref _heartbeat, e.Heartbeat);
                        lock (requestGate)
                        {
                            engine = e;
                            // Pressed while the models loaded: the first frame answers it.
                            if (describeEarly)
                            {
                                e.RequestDescription();
                            }
                            if (readEarly)
                            {
                                e.RequestTextReading();
                            }
                        }
                    }, stoppingToken, extraObserver: observer, logger: _logger),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            // Also when the cascade failed: the command and stats loops must not outlive it.
            await commandsStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(commands, stats).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (Volatile.Read(ref sampler) is { } last)
        {
            events.PublishStats(last.Sample()); // the run's closing figures, whatever the interval
        }
    }

    /// <summary>Publishes <c>&lt;prefix&gt;/stats</c> every <see cref="EdgeOptions.StatsInterval"/> once the engine exists.</summary>
    private async Task PublishStatsAsync(Func<StatsSampler?> sampler, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.StatsInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (sampler() is { } s)
            {
                events.PublishStats(s.Sample());
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        live.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "running the cascade on the live sensor rings (camera {Format})")]
    private static partial void LogLive(ILogger logger, string format);

    /// <summary>Logs each description as a readable line and speaks it (a user request interrupts).</summary>
    private sealed partial class DescriptionObserver(SpeechOutput speech, ILogger logger) : ICascadeObserver
    {
        public void Described(ComposedDescription description, EscalationReason reason, bool degraded, Timestamp frame)
        {
            LogDescription(logger, EscalationReasonNames.Primary(reason), description.Text);
            speech.Say(description.Text, urgent: (reason & EscalationReason.UserRequest) != 0);
        }

        public void SpeechChanged(bool active, Evidence speech, Timestamp at, Timestamp hopEnd)
        {
        }

        public void FacesChanged(IReadOnlyList<Evidence> faces, Timestamp frame)
        {
        }

        public void ViewChanged(IReadOnlyList<Evidence> objects, IReadOnlyList<Evidence> text, IReadOnlyList<Departure> departed, IReadOnlyList<string> spoken, Timestamp frame)
        {
        }

        public void Decided(in DecisionRecord record)
        {
        }

        public void StreamChanged(SensorStream stream, bool missing, Timestamp at)
        {
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "describe ({Reason}): {Text}")]
        private static partial void LogDescription(ILogger logger, string reason, string text);
    }
}
