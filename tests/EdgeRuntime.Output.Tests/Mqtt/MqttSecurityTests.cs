using System.Globalization;
using System.Text.RegularExpressions;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Tests.Mqtt;

public sealed partial class MqttSecurityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Events_flow_over_tls_with_a_fixture_made_ca_client_certificate_and_password()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Tls = true, Username = "edge", Password = "s3cret" });
        var sub = env.Client(patterns: env.Prefix + "/#");
        var publisher = env.Publisher();
        for (var i = 0; i < 20; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }
        Eventually.True(() => env.Events(sub).Count >= 20, Deadline, "20 events over TLS");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 20);
        Assert.Equal(1, env.Logs.Count(LogLevel.Information, "over TLS"));
    }

    [Fact]
    public void A_bad_password_is_a_clear_error_retried_with_growing_backoff_and_loses_nothing()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Username = "edge", Password = "right" });
        env.ExpectErrors("refused the connection");
        var sub = env.Client(patterns: env.Prefix + "/events");
        var bad = env.Publisher(env.Options() with { Password = "wrong" });
        for (var i = 0; i < 10; i++)
        {
            bad.Publish(SyntheticEvents.Numbered(i));
        }
        Eventually.True(() => env.Logs.Count(LogLevel.Error, "refused the connection") >= 4, Deadline, "four refusals");
        var refusals = env.Logs.Entries.Where(e => e.Message.Contains("refused the connection", StringComparison.Ordinal)).ToList();
        Assert.All(refusals, r => Assert.Contains("not authorised", r.Message, StringComparison.Ordinal));
        var delays = refusals.Take(4).Select(r => double.Parse(RetryDelay().Match(r.Message).Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([0.1, 0.2, 0.4, 0.8], delays);
        Assert.Equal(10, bad.Stats.Pending);
        Assert.Equal(0, bad.Stats.Delivered);
        MqttTestEnvironment.Stop(bad);

        // Fixed configuration, same outbox: everything produced meanwhile arrives.
        env.Publisher();
        Eventually.True(() => env.Events(sub).Count >= 10, Deadline, "10 events after the fix");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 10);
    }

    [GeneratedRegex(@"retrying in ([0-9.]+) s")]
    private static partial Regex RetryDelay();
}
