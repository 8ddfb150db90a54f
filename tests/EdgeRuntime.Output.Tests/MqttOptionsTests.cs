using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Output.Outbox;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Output.Tests;

public sealed class MqttOptionsTests
{
    private static (MqttOptions Options, ConfigReader Reader) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var reader = new ConfigReader(configuration);
        return (MqttOptions.Read(reader.Section("Mqtt"), "/opt/edge"), reader);
    }

    [Fact]
    public void No_host_means_no_broker_and_defaults_everywhere_else()
    {
        var (options, reader) = Read();
        reader.ThrowIfInvalid();
        Assert.False(options.Enabled);
        Assert.Equal("edge", options.TopicPrefix);
        Assert.Equal(1, options.Qos);
        Assert.Equal(FsyncPolicy.Batched, options.Outbox.Fsync);
        Assert.Equal("/opt/edge/var/mqtt-outbox.journal", options.Outbox.Path);
    }

    [Fact]
    public void Every_documented_key_is_read()
    {
        var (options, reader) = Read(("Mqtt:Host", "broker.local"), ("Mqtt:Port", "8883"), ("Mqtt:TopicPrefix", "home/edge"),
            ("Mqtt:ClientId", "kitchen"), ("Mqtt:Username", "u"), ("Mqtt:Password", "p"), ("Mqtt:Qos", "0"), ("Mqtt:Protocol", "5"),
            ("Mqtt:Outbox:Path", "/tmp/x.journal"), ("Mqtt:Outbox:MaxBytes", "1048576"), ("Mqtt:Outbox:Fsync", "EVERY"),
            ("Mqtt:Discovery:Enabled", "true"));
        reader.ThrowIfInvalid();
        Assert.True(options.Enabled);
        Assert.Equal(("broker.local", 8883, "home/edge", "kitchen", "u", "p", 0, true), (options.Host, options.Port, options.TopicPrefix, options.ClientId, options.Username, options.Password, options.Qos, options.Mqtt5));
        Assert.Equal(new OutboxOptions("/tmp/x.journal", 1048576, FsyncPolicy.Every, TimeSpan.FromMilliseconds(50)), options.Outbox);
        Assert.True(options.DiscoveryEnabled);
    }

    [Fact]
    public void Bad_values_and_unknown_keys_are_all_reported_with_what_is_allowed()
    {
        var (_, reader) = Read(("Mqtt:Qos", "2"), ("Mqtt:Outbox:Fsync", "sometimes"), ("Mqtt:TopicPrefix", "edge/#"),
            ("Mqtt:Tls:CaFile", "/nonexistent/ca.crt"), ("Mqtt:Hots", "x"));
        var error = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        Assert.Contains("Mqtt:Qos", error.Message, StringComparison.Ordinal);
        Assert.Contains("every, batched, none", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mqtt:TopicPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Tls:CaFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Hots", error.Message, StringComparison.Ordinal);
    }
}
