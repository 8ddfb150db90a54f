using System.Diagnostics;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Tests.Mqtt;

public sealed class MqttDurabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task All_events_produced_while_the_broker_is_down_for_ten_seconds_arrive_in_order_after_it_restarts()
    {
        // Persistence keeps the subscriber's session (and what is queued for it) across the broker restart.
        using var env = new MqttTestEnvironment(new BrokerSettings { Persistence = true });
        var sub = env.Client("durable-" + env.Prefix, cleanSession: false, env.Prefix + "/events");
        var publisher = env.Publisher();
        Eventually.True(() => publisher.Connected, Deadline, "publisher connected");

        env.Broker.Stop();
        Eventually.True(() => !publisher.Connected, Deadline, "publisher noticed the outage");
        var outage = Stopwatch.StartNew();
        for (var second = 0; second < 10; second++)
        {
            // 100 events at the start of each second of the outage.
            Eventually.True(() => outage.Elapsed >= TimeSpan.FromSeconds(second), TimeSpan.FromSeconds(15), $"second {second} of the outage");
            for (var i = 0; i < 100; i++)
            {
                publisher.Publish(SyntheticEvents.Numbered(second * 100 + i));
            }
        }
        Eventually.True(() => outage.Elapsed >= TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), "ten seconds of outage");
        Eventually.True(() => publisher.Stats.Pending == 1000, Deadline, "1000 events waiting in the outbox");
        Assert.Equal(0, publisher.Stats.Delivered);

        env.Broker.Restart();
        await publisher.FlushAsync(CancellationToken.None).WaitAsync(Deadline);
        Eventually.True(() => env.Events(sub).Select(e => e.Id).Distinct().Count() >= 1000, Deadline, "1000 distinct events at the subscriber");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 1000);
        Assert.Equal(0, publisher.Stats.Pending);
        Assert.True(env.Logs.Count(LogLevel.Warning, "connection to") >= 1, "the outage was logged");
    }

    [Fact]
    public void A_publisher_killed_during_an_outage_delivers_every_journaled_event_after_it_restarts()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Persistence = true });
        var sub = env.Client("durable-" + env.Prefix, cleanSession: false, env.Prefix + "/events");
        env.Broker.Stop();

        var (first, firstOut, firstErr) = env.Child(500);
        MqttTestEnvironment.WaitForLine(firstOut, "journaled 500", first, firstErr);
        first.Kill(); // SIGKILL: no shutdown code runs
        first.WaitForExit();

        env.Broker.Restart();
        var (second, secondOut, secondErr) = env.Child(0);
        MqttTestEnvironment.WaitForLine(secondOut, "flushed", second, secondErr);
        second.StandardInput.Close();
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(20)), "clean exit on end of input");
        Assert.Equal(0, second.ExitCode);

        Eventually.True(() => env.Events(sub).Select(e => e.Id).Distinct().Count() >= 500, Deadline, "500 distinct events");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 500);
        lock (secondErr)
        {
            Assert.Contains("recovered 500 unacknowledged record(s)", secondErr.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_last_will_says_offline_when_the_publisher_process_is_killed()
    {
        using var env = new MqttTestEnvironment();
        var available = env.Prefix + "/available";
        var sub = env.Client(patterns: available);
        var (child, output, errors) = env.Child(0);
        MqttTestEnvironment.WaitForLine(output, "connected", child, errors);
        Eventually.True(() => sub.On(available).LastOrDefault()?.Text == "online", Deadline, "online");

        child.Kill();
        child.WaitForExit();
        Eventually.True(() => sub.On(available).LastOrDefault()?.Text == "offline", Deadline, "the Last Will 'offline'");
        var late = env.Client(patterns: available);
        Eventually.True(() => late.On(available).Count > 0, Deadline, "retained availability");
        Assert.True(late.On(available)[^1] is { Text: "offline", Retain: true }, "the Last Will is retained");
    }

    [Fact]
    public void A_corrupted_journal_tail_is_skipped_and_reported_and_the_rest_is_delivered()
    {
        using var env = new MqttTestEnvironment();
        env.Broker.Stop();
        var offline = env.Publisher();
        for (var i = 0; i < 50; i++)
        {
            offline.Publish(SyntheticEvents.Numbered(i));
        }
        Eventually.True(() => offline.Stats.Pending == 50, Deadline, "50 events journaled");
        MqttTestEnvironment.Stop(offline);
        using (var file = new FileStream(env.JournalPath, FileMode.Open))
        {
            file.SetLength(file.Length - 10); // the last record torn in half
            file.Seek(0, SeekOrigin.End);
            file.Write("\0\0garbage"u8);
        }

        env.Broker.Restart();
        var sub = env.Client(patterns: env.Prefix + "/#");
        var publisher = env.Publisher();
        Assert.Equal(1, publisher.Stats.CorruptSkipped);
        Assert.Equal(1, env.Logs.Count(LogLevel.Warning, "torn or corrupt tail"));
        Eventually.True(() => env.Events(sub).Count >= 49, Deadline, "49 events");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 49);
        Eventually.True(() => sub.On(env.Prefix + "/outbox").Any(m => m.Text.Contains("\"corrupt_skipped\":1", StringComparison.Ordinal)), Deadline,
            "the skipped region is published on <prefix>/outbox");
    }

    [Fact]
    public void When_the_outbox_is_full_during_an_outage_low_priority_updates_are_dropped_first_and_the_drops_are_published()
    {
        // The subscriber's session (persistent broker, clean session off) exists before the outage, so what the publisher
        // drains after the restart is queued for it even if the publisher reconnects first.
        using var env = new MqttTestEnvironment(new BrokerSettings { Persistence = true });
        var sub = env.Client("durable-" + env.Prefix, cleanSession: false, env.Prefix + "/#");
        env.Broker.Stop();
        var options = env.Options() with { Outbox = env.Options().Outbox with { MaxBytes = 64 * 1024 } };
        var publisher = env.Publisher(options);
        // Interleave: every third event is a high-priority "new", the others low-priority "update"s.
        for (var i = 0; i < 300; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i, type: i % 3 == 0 ? Core.Events.EventType.New : Core.Events.EventType.Update));
        }
        Eventually.True(() => publisher.Stats.Accepted == publisher.Stats.Pending + publisher.Stats.DroppedLow + publisher.Stats.DroppedHigh,
            Deadline, "every event either pending or dropped");
        Assert.True(publisher.Stats.DroppedLow > 0);
        Assert.Equal(0, publisher.Stats.DroppedHigh);
        Assert.True(env.Logs.Count(LogLevel.Warning, "outbox full") >= 1);

        env.Broker.Restart();
        Eventually.True(() => sub.On(env.Prefix + "/outbox").Any(m => m.Text.Contains("\"dropped_low\":" + publisher.Stats.DroppedLow, StringComparison.Ordinal)),
            Deadline, "drop count published");
        Eventually.True(() => publisher.Stats.Pending == 0, Deadline, "outbox drained");
        // A PUBACK means the broker has it; the subscriber may still be receiving.
        Eventually.True(() => env.Events(sub).Select(e => e.Index).Distinct().Count(i => i % 3 == 0) >= 100, Deadline, "every new event at the subscriber");
        var received = env.Events(sub).Select(e => e.Index).Distinct().ToList();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 3), received.Where(i => i % 3 == 0));
        Assert.Equal(received.Order(), received);
    }
}
