using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// Publishes to an MQTT broker through libmosquitto with a durable outbox: every durable message is journaled before
/// it is handed to the broker and removed on PUBACK; after a reconnect or a restart, what is left is sent again in
/// order (receivers drop duplicates by event id). Publishes <c>online</c> (retained) on every connect, registers
/// <c>offline</c> as Last Will, publishes <c>stopped</c> on clean shutdown; subscribes to <c>&lt;prefix&gt;/+/set</c>
/// and turns valid commands into <see cref="ICommandSource.Commands"/>; publishes Home Assistant discovery when enabled.
/// </summary>
/// <remarks>
/// // Design: a facade. Producers (any thread) only post to <see cref="NetworkThread"/>, whose one thread owns the
/// journal and the libmosquitto client; the parts it drives each do one job: <see cref="BrokerConnection"/> (state
/// machine and backoff), <see cref="OutboxPump"/> (hand-out window, acknowledgements, flushes),
/// <see cref="CommandReceiver"/> (commands), <see cref="SessionAnnouncer"/> (online, discovery, stopped).
/// <see cref="Stats"/> reads <see cref="MqttCounters"/>, which those parts write with Volatile/Interlocked.
/// </remarks>
public sealed class MqttPublisher : QueuedEventSink
{
    /// <summary>Most records handed to the broker and not yet acknowledged.</summary>
    public const int Window = 1000;

    private readonly MqttCounters _counters = new();
    private readonly CommandReceiver _commands;
    private readonly NetworkThread _network;

    /// <summary>Creates the publisher; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Broker, TLS, outbox and discovery settings.</param>
    /// <param name="sensors">Sensor names that commands may pause and resume.</param>
    /// <param name="discoverySources">Which sources the Home Assistant binary sensors watch.</param>
    /// <param name="logger">Where connection changes, refusals, drops and rejected commands are logged.</param>
    /// <param name="time">The clock used to stamp received commands.</param>
    public MqttPublisher(MqttOptions options, IEnumerable<string> sensors, DiscoverySources discoverySources, ILogger logger, TimeProvider? time = null)
        : base(new MessageBuilder(new Topics(options.TopicPrefix)))
    {
        var discovery = options.DiscoveryEnabled
            ? HomeAssistantDiscovery.Messages(Builder.Topics, options.ClientId, options.DiscoveryPrefix, discoverySources,
                typeof(MqttPublisher).Assembly.GetName().Version?.ToString(3) ?? "0")
            : [];
        _commands = new CommandReceiver(Builder.Topics, sensors, CommandWriter, _counters, logger, time ?? TimeProvider.System);
        _network = new NetworkThread(options, Builder, _commands, discovery, _counters, logger);
    }

    /// <summary>Called on the network thread for each record the broker acknowledged (benchmark latency).</summary>
    public Action<OutboxRecord>? Delivered
    {
        get => _network.Delivered;
        set => _network.Delivered = value;
    }

    /// <summary>Called on the network thread for each rejected command: topic and reason.</summary>
    public Action<string, string>? CommandRejected
    {
        get => _commands.Rejected;
        set => _commands.Rejected = value;
    }

    /// <summary>The topic layout.</summary>
    public Topics Topics => Builder.Topics;

    /// <inheritdoc />
    public override string Name => "mqtt";

    /// <summary>Whether the broker accepted the current connection.</summary>
    public bool Connected => _counters.IsConnected;

    /// <inheritdoc />
    public override OutputStats Stats => _counters.Snapshot();

    /// <summary>Opens (and recovers) the outbox and starts the network thread; returns once the outbox is open, without waiting for the broker.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _network.Start();
        return _network.Opened.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var request = new FlushRequest();
        _network.PostFlush(request);
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops: delivers what it can within a short budget, publishes <c>stopped</c>, disconnects cleanly (so the
    /// broker discards the Last Will) and closes the journal; what was not acknowledged stays in it for the next start.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (_network.RequestStop() && _network.Started)
        {
            await _network.Stopped.ConfigureAwait(false);
        }
        CommandWriter.TryComplete();
        _network.Dispose();
    }

    /// <inheritdoc />
    protected override void Enqueue(OutgoingMessage message)
    {
        if (message.Durable)
        {
            Interlocked.Increment(ref _counters.Accepted); // before the post, so Delivered never overtakes Accepted
        }
        _network.Post(message);
    }
}
