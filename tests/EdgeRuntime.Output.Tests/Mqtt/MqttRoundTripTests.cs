using System.Text;
using System.Text.Json;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Mqtt;

public sealed class MqttRoundTripTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static ReceivedMessage Last(TestMqttClient client, string topic)
    {
        Eventually.True(() => client.On(topic).Count > 0, Deadline, "a message on " + topic);
        return client.On(topic)[^1];
    }

    [Fact]
    public async Task Every_topic_round_trips_through_a_real_broker()
    {
        using var env = new MqttTestEnvironment();
        var p = env.Prefix;
        var sub = env.Client();
        var publisher = env.Publisher();
        Eventually.True(() => sub.On(p + "/available").Any(m => m.Text == "online"), Deadline, "online");

        var e = SyntheticEvents.Numbered(7);
        publisher.Publish(e);
        publisher.PublishScene(new SceneDescription { Id = "s1", Text = "Two people; one speaks.", People = 2, Speech = true, Reason = "user", MonotonicNs = 1, Timestamp = 2 });
        publisher.PublishCount("front", "person", 2);
        publisher.PublishAudioState("mic", "speech", on: true);
        publisher.PublishMotion("front", on: true);
        publisher.PublishAudioLevel("mic", -31.5f);
        publisher.PublishState(CommandFeatures.Mute, "ON");
        publisher.PublishStats(new PipelineStats { Timestamp = 3, EscalationRate = 0.125, Stages = [new StageStats { Name = "camera", Fps = 15 }] });
        await publisher.FlushAsync(CancellationToken.None).WaitAsync(Deadline);

        using (var json = JsonDocument.Parse(Last(sub, p + "/events").Payload))
        {
            Assert.Equal(e.Id, json.RootElement.GetProperty("id").GetString());
            Assert.Equal(EventSchema.Version, json.RootElement.GetProperty("schema").GetInt32());
            Assert.Equal("new", json.RootElement.GetProperty("type").GetString());
        }
        Assert.Equal(2, JsonDocument.Parse(Last(sub, p + "/scene").Payload).RootElement.GetProperty("people").GetInt32());
        Assert.Equal("2", Last(sub, p + "/front/person").Text);
        Assert.Equal("ON", Last(sub, p + "/mic/audio/speech").Text);
        Assert.Equal("ON", Last(sub, p + "/front/motion").Text);
        Assert.Equal("-31.5", Last(sub, p + "/mic/audio/dBFS").Text);
        Assert.Equal("ON", Last(sub, p + "/mute/state").Text);
        using (var stats = JsonDocument.Parse(Last(sub, p + "/stats").Payload))
        {
            Assert.Equal(0.125, stats.RootElement.GetProperty("escalation_rate").GetDouble());
            Assert.True(stats.RootElement.GetProperty("output").GetProperty("connected").GetBoolean());
        }

        // A subscriber arriving later gets the retained state: online, the scene, counts.
        var late = env.Client();
        Assert.True(Last(late, p + "/available") is { Text: "online", Retain: true });
        Assert.True(Last(late, p + "/scene").Retain);
        Assert.Equal("2", Last(late, p + "/front/person").Text);
        Assert.Empty(late.On(p + "/events")); // events are not retained

        MqttTestEnvironment.Stop(publisher);
        Eventually.True(() => sub.On(p + "/available").LastOrDefault()?.Text == "stopped", Deadline, "stopped on clean shutdown");
        var afterStop = env.Client();
        Assert.True(Last(afterStop, p + "/available") is { Text: "stopped", Retain: true }, "a clean stop leaves 'stopped', not the Last Will");
    }

    [Fact]
    public async Task Mqtt5_and_qos0_publishing_work_too()
    {
        using var env = new MqttTestEnvironment();
        var sub = env.Client(patterns: env.Prefix + "/events");
        var publisher = env.Publisher(env.Options() with { Mqtt5 = true, Qos = 0 });
        for (var i = 0; i < 50; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }
        await publisher.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
        Eventually.True(() => env.Events(sub).Count >= 50, Deadline, "50 events over MQTT 5 at QoS 0");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 50);
        Assert.Equal(1, env.Logs.Count(Microsoft.Extensions.Logging.LogLevel.Information, "(MQTT 5)"));
    }

    [Fact]
    public void Home_assistant_discovery_describes_the_device_sensors_and_button()
    {
        using var env = new MqttTestEnvironment();
        var haPrefix = env.Prefix + "-ha";
        var sub = env.Client(patterns: haPrefix + "/#");
        env.Publisher(env.Options() with { DiscoveryEnabled = true, DiscoveryPrefix = haPrefix });
        Eventually.True(() => sub.Messages.Count >= 6, Deadline, "six discovery configs");
        var configs = sub.Messages.ToDictionary(m => m.Topic, m => JsonDocument.Parse(m.Payload).RootElement);
        var late = env.Client(patterns: haPrefix + "/#");
        Eventually.True(() => late.Messages.Count >= 6, Deadline, "six retained configs for a late subscriber");
        Assert.All(late.Messages, m => Assert.True(m.Retain));
        var node = "pub-" + env.Prefix;
        Assert.Equal(
            new[] { "binary_sensor/motion", "binary_sensor/speech", "button/describe", "sensor/description", "sensor/escalation_rate", "sensor/people" }.Select(s => s.Replace("/", $"/{node}/") + "/config").Select(s => haPrefix + "/" + s).Order(),
            configs.Keys.Order());
        var button = configs[$"{haPrefix}/button/{node}/describe/config"];
        Assert.Equal(env.Prefix + "/describe/set", button.GetProperty("command_topic").GetString());
        Assert.Equal("PRESS", button.GetProperty("payload_press").GetString());
        var people = configs[$"{haPrefix}/sensor/{node}/people/config"];
        Assert.Equal(env.Prefix + "/scene", people.GetProperty("state_topic").GetString());
        Assert.Equal(env.Prefix + "/available", people.GetProperty("availability")[0].GetProperty("topic").GetString());
        Assert.Equal(node, people.GetProperty("device").GetProperty("identifiers")[0].GetString());
        Assert.Equal(env.Prefix + "/mic/audio/speech", configs[$"{haPrefix}/binary_sensor/{node}/speech/config"].GetProperty("state_topic").GetString());
        Assert.Equal(env.Prefix + "/front/motion", configs[$"{haPrefix}/binary_sensor/{node}/motion/config"].GetProperty("state_topic").GetString());
    }

    [Fact]
    public async Task Valid_commands_reach_the_command_channel_and_invalid_ones_are_rejected_with_a_reason()
    {
        using var env = new MqttTestEnvironment();
        var publisher = env.Publisher();
        var rejected = new List<string>();
        publisher.CommandRejected = (topic, reason) => { lock (rejected) rejected.Add(topic + ": " + reason); };
        var sender = env.Client(patterns: env.Prefix + "/available");
        Eventually.True(() => publisher.Connected, Deadline, "publisher connected");
        Eventually.True(() => sender.On(env.Prefix + "/available").Count > 0, Deadline, "publisher subscribed (online seen)");

        sender.Publish(env.Prefix + "/describe/set", "PRESS"u8.ToArray(), qos: 1);
        sender.Publish(env.Prefix + "/mute/set", "on"u8.ToArray(), qos: 1);
        sender.Publish(env.Prefix + "/camera/set", "OFF"u8.ToArray(), qos: 1);
        sender.Publish(env.Prefix + "/garage/set", "OPEN"u8.ToArray(), qos: 1);
        sender.Publish(env.Prefix + "/mute/set", "loud"u8.ToArray(), qos: 1);

        using var cts = new CancellationTokenSource(Deadline);
        var commands = new List<EdgeCommand>();
        for (var i = 0; i < 3; i++)
        {
            commands.Add(await publisher.Commands.ReadAsync(cts.Token));
        }
        Assert.IsType<DescribeNowCommand>(commands[0]);
        Assert.True(((MuteCommand)commands[1]).Muted);
        Assert.Equal(new SensorCommand("mqtt", commands[2].ReceivedAt, "camera", Paused: true), commands[2]);
        Eventually.True(() => publisher.Stats.CommandsRejected == 2, Deadline, "two rejections");
        lock (rejected)
        {
            Assert.Contains(rejected, r => r.Contains("unknown feature 'garage'", StringComparison.Ordinal));
            Assert.Contains(rejected, r => r.Contains("mute expects ON or OFF, got 'LOUD'", StringComparison.Ordinal));
        }
        Assert.Equal(2, env.Logs.Count(Microsoft.Extensions.Logging.LogLevel.Warning, "rejected"));
    }
}
