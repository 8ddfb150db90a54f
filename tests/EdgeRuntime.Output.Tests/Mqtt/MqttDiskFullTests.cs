using EdgeRuntime.Core.Events;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Tests.Mqtt;

/// <summary>The outbox on a real 1 MB tmpfs that fills up during a broker outage (the test runs as root to mount it).</summary>
public sealed class MqttDiskFullTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_full_disk_under_the_outbox_counts_drops_keeps_publishing_and_recovers_once_space_is_back()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Persistence = true });
        env.ExpectErrors("cannot write the outbox journal");
        var sub = env.Client("durable-" + env.Prefix, cleanSession: false, env.Prefix + "/events");
        using var disk = Tmpfs.Mount(env.Dir.File("disk"), "1m");
        env.Broker.Stop();
        // The outbox may hold 2 MB in memory, twice what the disk can take: the disk fills first, then the memory bound drops.
        var options = env.Options() with { Outbox = env.Options().Outbox with { Path = Path.Combine(disk.Path, "outbox.journal"), MaxBytes = 2L << 20 } };
        var publisher = env.Publisher(options);

        const int Count = 12_000;
        for (var i = 0; i < Count; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i, type: i % 3 == 0 ? EventType.New : EventType.Update));
        }
        Eventually.True(() => publisher.Stats.Accepted == Count && publisher.Stats.Accepted == publisher.Stats.Pending + publisher.Stats.DroppedLow + publisher.Stats.DroppedHigh,
            Deadline, "every event either pending or counted as dropped");
        Eventually.True(() => env.Logs.Count(LogLevel.Error, "cannot write the outbox journal") >= 1, Deadline, "the full disk reported");
        Assert.Contains("No space left on device", string.Join("\n", env.Logs.Entries.Select(e => e.ToString())), StringComparison.Ordinal);
        Assert.True(publisher.Stats.DroppedLow > 0, "the memory bound dropped low-priority updates");
        Assert.Equal(0, publisher.Stats.DroppedHigh);

        // The broker returns: what was kept (in memory, as the disk refused it) is delivered, the journal empties and
        // frees the disk, and new events are journaled again.
        env.Broker.Restart();
        Eventually.True(() => publisher.Stats.Pending == 0, Deadline, "outbox drained");
        for (var i = Count; i < Count + 10; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }
        Eventually.True(() => env.Events(sub).Any(e => e.Index == Count + 9), Deadline, "events after the recovery");
        var received = env.Events(sub).Select(e => e.Index).Distinct().ToList();
        Assert.Equal(received.Order(), received);
        Assert.Equal(Enumerable.Range(0, Count / 3).Select(i => i * 3), received.Where(i => i < Count && i % 3 == 0));
        Assert.Equal(Count + 10 - publisher.Stats.DroppedLow, received.Count);
    }

    /// <summary>A size-limited tmpfs mounted for one test and unmounted after it.</summary>
    private sealed class Tmpfs : IDisposable
    {
        private Tmpfs(string path) => Path = path;

        public string Path { get; }

        public static Tmpfs Mount(string path, string size)
        {
            Directory.CreateDirectory(path);
            var result = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "size=" + size, "edge-test-tmpfs", path], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, "mount needs root: " + result);
            return new Tmpfs(path);
        }

        public void Dispose()
        {
            var result = ProcessRunner.Run("umount", ["-l", Path], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, result.ToString());
        }
    }
}
