using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output;

/// <summary>Builds the event sink the configuration asks for: MQTT when <c>Mqtt:Host</c> is set, the console/JSONL sink otherwise.</summary>
public static class EventSinkFactory
{
    /// <summary>
    /// Creates (does not start) the sink. <paramref name="sensors"/> are the sensor names MQTT commands may pause and
    /// resume; <paramref name="consoleOutput"/> receives the JSON lines when there is no broker (standard output if null).
    /// </summary>
    public static IEventSink Create(MqttOptions options, IEnumerable<string> sensors, ILoggerFactory loggerFactory,
        TextWriter? consoleOutput = null, DiscoverySources? discoverySources = null) =>
        options.Enabled
            ? new MqttPublisher(options, sensors, discoverySources ?? new DiscoverySources(), loggerFactory.CreateLogger("mqtt"))
            : new ConsoleEventSink(new Topics(options.TopicPrefix), consoleOutput ?? System.Console.Out, ownsOutput: false);
}
