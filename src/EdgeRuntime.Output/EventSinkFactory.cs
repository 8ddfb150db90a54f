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
    /// resume; <paramref name="consoleOutput"/> receives the JSON lines when there is no broker (standard output if
    /// null), and <paramref name="jsonl"/> names the file that gets a copy of them (none when null or disabled; with a
    /// broker the outbox is the record on disk instead). A JSONL file that cannot be opened is a
    /// <see cref="Core.Configuration.ConfigurationValidationException"/> naming its key and path.
    /// </summary>
    public static IEventSink Create(MqttOptions options, IEnumerable<string> sensors, ILoggerFactory loggerFactory,
        TextWriter? consoleOutput = null, DiscoverySources? discoverySources = null, JsonlOptions? jsonl = null)
    {
        if (options.Enabled)
        {
            return new MqttPublisher(options, sensors, discoverySources ?? new DiscoverySources(), loggerFactory.CreateLogger("mqtt"));
        }
        var file = jsonl is { Enabled: true } ? JsonlFile.Open(jsonl, TimeProvider.System, loggerFactory.CreateLogger("jsonl")) : null;
        return new ConsoleEventSink(new Topics(options.TopicPrefix), consoleOutput ?? System.Console.Out, ownsOutput: false, file);
    }
}
