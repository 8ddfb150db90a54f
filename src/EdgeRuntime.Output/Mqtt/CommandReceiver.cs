using System.Text;
using System.Threading.Channels;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>
/// Commands from the broker: subscribes to <c>&lt;prefix&gt;/+/set</c> on every connect, turns each valid, non-retained
/// message into an <see cref="EdgeCommand"/> on the sink's command channel and counts, logs (rate-limited) and reports
/// every rejected one.
/// </summary>
/// <remarks>
/// // Design: network thread only (libmosquitto calls <see cref="Received"/> from inside its read loop). The channel
/// writer is thread-safe and drops the oldest command when nobody reads; the counters are stored with Interlocked
/// because <see cref="MqttCounters.Snapshot"/> reads them from other threads.
/// </remarks>
internal sealed class CommandReceiver
{
    private readonly Topics _topics;
    private readonly CommandParser _parser;
    private readonly ChannelWriter<EdgeCommand> _writer;
    private readonly MqttCounters _counters;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _subscriptionMid = -1;

    public CommandReceiver(Topics topics, IEnumerable<string> sensors, ChannelWriter<EdgeCommand> writer, MqttCounters counters, ILogger logger, TimeProvider time)
    {
        _topics = topics;
        _parser = new CommandParser(sensors);
        _writer = writer;
        _counters = counters;
        _logger = logger;
        _time = time;
    }

    /// <summary>Called for each rejected command: topic and reason.</summary>
    public Action<string, string>? Rejected { get; set; }

    /// <summary>Subscribes to the command topics on a freshly accepted connection.</summary>
    public void Subscribe(MosquittoClient client) =>
        MosquittoStatus.Check(client.Subscribe(_topics.CommandFilter, 1, out _subscriptionMid), "subscribe");

    /// <summary>The broker answered a SUBSCRIBE; a refusal of ours means commands will not arrive, which is worth an error.</summary>
    public void Subscribed(int mid, int grantedQos)
    {
        if (mid == _subscriptionMid && grantedQos >= 0x80)
        {
            MqttLog.SubscribeRefused(_logger, _topics.CommandFilter);
        }
    }

    /// <summary>One message on a subscribed topic.</summary>
    public void Received(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain)
    {
        var topicText = Encoding.UTF8.GetString(topic);
        string reason;
        EdgeCommand? command = null;
        if (retain)
        {
            reason = "retained command ignored (a command acts once, when it is sent)";
        }
        else if (_topics.CommandFeature(topicText) is not { } feature)
        {
            reason = "not a command topic";
        }
        else
        {
            command = _parser.Parse(feature, payload, "mqtt", Timestamp.Now(_time).Nanoseconds, out reason);
        }
        if (command is not null)
        {
            _writer.TryWrite(command);
            Interlocked.Increment(ref _counters.CommandsAccepted);
            MqttLog.Command(_logger, command.Feature, command.ToString());
            return;
        }
        var rejected = Interlocked.Increment(ref _counters.CommandsRejected);
        if (rejected <= 20 || rejected % 1000 == 0)
        {
            MqttLog.CommandRejected(_logger, CommandParser.Printable(topicText), reason, rejected);
        }
        Rejected?.Invoke(topicText, reason);
    }
}
