using System.Text;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Mqtt;

public sealed class CommandFuzzTests
{
    private const int Count = 100_000;

    [Fact]
    public async Task A_hundred_thousand_random_and_malformed_commands_never_crash_and_each_rejection_has_a_reason()
    {
        using var env = new MqttTestEnvironment();
        var publisher = env.Publisher();
        long withoutReason = 0;
        publisher.CommandRejected = (_, reason) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                Interlocked.Increment(ref withoutReason);
            }
        };
        var sender = env.Client(patterns: env.Prefix + "/available");
        Eventually.True(() => sender.On(env.Prefix + "/available").Any(m => m.Text == "online"), TimeSpan.FromSeconds(20), "publisher online");

        var random = new Random(20261122);
        string[] known = [CommandFeatures.Describe, CommandFeatures.ReadText, CommandFeatures.Mute, "camera", "microphone"];
        string[] words = ["ON", "OFF", "PRESS", "on", " press ", "", "{\"on\":true}", "null", "ÖN", "1"];
        const string alphabet = "abcdefghijklmnopqrstuvwxyz_-0123456789 éßж中🙂";
        for (var i = 0; i < Count; i++)
        {
            var feature = random.Next(3) == 0
                ? new string(Enumerable.Range(0, random.Next(1, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())
                : known[random.Next(known.Length)];
            if (char.IsSurrogate(feature[^1]))
            {
                feature += "x"; // keep the topic valid UTF-8, or the broker rightly drops the sender
            }
            byte[] payload = random.Next(4) switch
            {
                0 => Encoding.UTF8.GetBytes(words[random.Next(words.Length)]),
                1 => new byte[random.Next(0, 300)],
                _ => RandomBytes(random, random.Next(0, 120)),
            };
            sender.Publish($"{env.Prefix}/{feature}/set", payload);
        }
        Eventually.True(() => publisher.Stats.CommandsAccepted + publisher.Stats.CommandsRejected >= Count, TimeSpan.FromSeconds(120),
            $"{Count} commands handled");

        Assert.Equal(Count, publisher.Stats.CommandsAccepted + publisher.Stats.CommandsRejected);
        Assert.True(publisher.Stats.CommandsRejected > Count / 2);
        Assert.True(publisher.Stats.CommandsAccepted > 0);
        Assert.Equal(0, Interlocked.Read(ref withoutReason));
        Assert.True(publisher.Connected);

        // Still publishing afterwards.
        var events = env.Client(patterns: env.Prefix + "/events");
        publisher.Publish(SyntheticEvents.Numbered(0));
        await publisher.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Eventually.True(() => env.Events(events).Count == 1, TimeSpan.FromSeconds(20), "an event after the flood");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
