using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Output.Messages;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>Which configured sources the Home Assistant entities watch.</summary>
/// <param name="Camera">The camera whose motion state is a binary sensor.</param>
/// <param name="Microphone">The microphone whose speech state is a binary sensor.</param>
public sealed record DiscoverySources(string Camera = "camera", string Microphone = "microphone");

/// <summary>
/// Home Assistant MQTT discovery: retained configs under <c>&lt;discovery prefix&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c>
/// describing one device with sensors (people in view, last description, escalation rate), binary sensors (speech,
/// motion) and a "describe now" button, all unavailable unless <c>&lt;prefix&gt;/available</c> is <c>online</c>.
/// </summary>
public static class HomeAssistantDiscovery
{
    /// <summary>The config messages to publish (retained) on every connect.</summary>
    public static IReadOnlyList<OutgoingMessage> Messages(Topics topics, string clientId, string discoveryPrefix, DiscoverySources sources, string version)
    {
        var node = NodeId(clientId);
        var device = new HaDevice([node], "EdgeRuntime " + clientId, "EdgeRuntime", "edge", version);
        var availability = new[] { new HaAvailability(topics.Available.Name, "{{ 'online' if value == 'online' else 'offline' }}") };
        HaConfig Entity(string objectId, string name) => new()
        {
            Name = name,
            UniqueId = node + "_" + objectId,
            ObjectId = node + "_" + objectId,
            Device = device,
            Availability = availability,
        };
        var entities = new (string Component, string ObjectId, HaConfig Config)[]
        {
            ("sensor", "people", Entity("people", "People in view") with
            {
                StateTopic = topics.Scene.Name, ValueTemplate = "{{ value_json.people }}", StateClass = "measurement", Icon = "mdi:account-group",
            }),
            ("sensor", "description", Entity("description", "Last description") with
            {
                StateTopic = topics.Scene.Name, ValueTemplate = "{{ value_json.text[:255] }}", Icon = "mdi:text-box-outline",
            }),
            ("sensor", "escalation_rate", Entity("escalation_rate", "Escalation rate") with
            {
                StateTopic = topics.Stats.Name, ValueTemplate = "{{ (value_json.escalation_rate * 100) | round(1) }}",
                UnitOfMeasurement = "%", StateClass = "measurement", Icon = "mdi:stairs-up",
            }),
            ("binary_sensor", "speech", Entity("speech", "Speech") with
            {
                StateTopic = topics.Audio(sources.Microphone, "speech").Name, PayloadOn = "ON", PayloadOff = "OFF", DeviceClass = "sound",
            }),
            ("binary_sensor", "motion", Entity("motion", "Motion") with
            {
                StateTopic = topics.Motion(sources.Camera).Name, PayloadOn = "ON", PayloadOff = "OFF", DeviceClass = "motion",
            }),
            ("button", "describe", Entity("describe", "Describe now") with
            {
                CommandTopic = topics.Command(CommandFeatures.Describe), PayloadPress = "PRESS", Icon = "mdi:comment-eye-outline",
            }),
        };
        return entities.Select(e => new OutgoingMessage(
            Topic.Of($"{discoveryPrefix}/{e.Component}/{node}/{e.ObjectId}/config"),
            JsonSerializer.SerializeToUtf8Bytes(e.Config, DiscoveryJsonContext.Default.HaConfig),
            retain: true, durable: false, EventPriority.High, Stopwatch.GetTimestamp())).ToArray();
    }

    /// <summary>Home Assistant accepts only <c>[a-zA-Z0-9_-]</c> in node ids.</summary>
    public static string NodeId(string clientId) =>
        string.Concat(clientId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));
}

/// <summary>One entity's discovery config (Home Assistant's key names).</summary>
internal sealed record HaConfig
{
    public required string Name { get; init; }

    public required string UniqueId { get; init; }

    public required string ObjectId { get; init; }

    public required HaDevice Device { get; init; }

    public required HaAvailability[] Availability { get; init; }

    public string? StateTopic { get; init; }

    public string? ValueTemplate { get; init; }

    public string? CommandTopic { get; init; }

    public string? PayloadPress { get; init; }

    public string? PayloadOn { get; init; }

    public string? PayloadOff { get; init; }

    public string? DeviceClass { get; init; }

    public string? StateClass { get; init; }

    public string? UnitOfMeasurement { get; init; }

    public string? Icon { get; init; }
}

internal sealed record HaDevice(string[] Identifiers, string Name, string Manufacturer, string Model, string SwVersion);

internal sealed record HaAvailability(string Topic, string ValueTemplate);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HaConfig))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
