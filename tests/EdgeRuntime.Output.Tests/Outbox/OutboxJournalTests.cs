using System.Diagnostics;
using System.Text;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Tests.Outbox;

public sealed class OutboxJournalTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir("edge-outbox");
    private readonly RecordingLoggerFactory _logs = new();

    private OutboxOptions Options(FsyncPolicy fsync = FsyncPolicy.Batched, long maxBytes = 1024 * 1024) =>
        new(_dir.File("outbox.journal"), maxBytes, fsync, TimeSpan.FromMilliseconds(5));

    private OutboxJournal Open(OutboxOptions options) => OutboxJournal.Open(options, _logs.CreateLogger("outbox"));

    private static OutgoingMessage Message(int index, EventPriority priority = EventPriority.High, int payloadBytes = 40) =>
        new(Topic.Of("t/events"), Encoding.ASCII.GetBytes(index.ToString("D6") + new string('x', payloadBytes)), retain: index % 2 == 0,
            durable: true, priority, Stopwatch.GetTimestamp());

    private static int Index(OutboxRecord r) => int.Parse(Encoding.ASCII.GetString(r.Payload, 0, 6));

    [Theory]
    [InlineData(FsyncPolicy.Every)]
    [InlineData(FsyncPolicy.Batched)]
    [InlineData(FsyncPolicy.None)]
    public void Unacknowledged_records_are_replayed_in_order_after_reopening(FsyncPolicy fsync)
    {
        using (var journal = Open(Options(fsync)))
        {
            var records = Enumerable.Range(0, 20).Select(i => journal.Append(Message(i))).ToList();
            journal.Commit();
            foreach (var r in records.Where(r => Index(r) % 3 == 0))
            {
                journal.Remove(r);
            }
            journal.Commit();
        }
        using var reopened = Open(Options(fsync));
        var expected = Enumerable.Range(0, 20).Where(i => i % 3 != 0).ToArray();
        Assert.Equal(expected, reopened.Records.Select(Index));
        Assert.Equal(expected.Length, reopened.Recovered);
        Assert.All(reopened.Records, r => Assert.Equal(Index(r) % 2 == 0, r.Retain));
        Assert.Equal("t/events", reopened.Records.First!.Value.Topic.Name);
        var next = reopened.Append(Message(99));
        Assert.True(next.Sequence > reopened.Records.First.Value.Sequence, "sequence numbers continue after a restart");
    }

    [Fact]
    public void A_torn_last_record_is_skipped_and_reported_and_the_rest_is_kept()
    {
        using (var journal = Open(Options()))
        {
            for (var i = 0; i < 10; i++)
            {
                journal.Append(Message(i));
            }
        }
        var path = Options().Path;
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 7); // a crash in the middle of the last write
        }
        using var reopened = Open(Options());
        Assert.Equal(Enumerable.Range(0, 9), reopened.Records.Select(Index));
        Assert.Equal(1, reopened.CorruptRegions);
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "torn or corrupt tail"));
    }

    [Fact]
    public void A_corrupted_record_in_the_middle_is_skipped_and_reading_resumes_after_it()
    {
        using (var journal = Open(Options()))
        {
            for (var i = 0; i < 10; i++)
            {
                journal.Append(Message(i));
            }
        }
        var path = Options().Path;
        var bytes = File.ReadAllBytes(path);
        var recordSize = bytes.Length / 10;
        bytes[5 * recordSize + 30] ^= 0x5A; // flip bits inside record 5's payload
        File.WriteAllBytes(path, bytes);
        using var reopened = Open(Options());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 6, 7, 8, 9 }, reopened.Records.Select(Index));
        Assert.Equal(1, _logs.Count(LogLevel.Warning, "corrupt record at offset " + 5 * recordSize));
    }

    [Fact]
    public void Garbage_after_the_last_record_is_reported_as_a_torn_tail()
    {
        using (var journal = Open(Options()))
        {
            journal.Append(Message(0));
        }
        File.AppendAllText(Options().Path, "EDOB then random bytes");
        using var reopened = Open(Options());
        Assert.Equal([0], reopened.Records.Select(Index));
        Assert.Equal(1, reopened.CorruptRegions);
    }

    [Fact]
    public void When_full_the_oldest_low_priority_records_are_dropped_first_then_the_oldest_high_ones()
    {
        var dropped = new List<int>();
        using var journal = Open(Options(maxBytes: 64 * 1024));
        journal.Dropped = r => dropped.Add(Index(r));
        var size = journal.Append(Message(0, EventPriority.High, 1000)).EncodedSize;
        var capacity = (int)(64 * 1024 / size);
        for (var i = 1; i < capacity; i++)
        {
            journal.Append(Message(i, i % 2 == 0 ? EventPriority.Low : EventPriority.High, 1000));
        }
        Assert.Empty(dropped);
        journal.Append(Message(1000, EventPriority.High, 1000));
        journal.Append(Message(1001, EventPriority.High, 1000));
        Assert.Equal([2, 4], dropped);
        Assert.Equal(2, journal.DroppedLow);

        var lowsLeft = Enumerable.Range(1, capacity - 1).Count(i => i % 2 == 0) - 2;
        for (var i = 0; i < lowsLeft; i++)
        {
            journal.Append(Message(2000 + i, EventPriority.High, 1000));
        }
        Assert.Equal(0, journal.DroppedHigh);
        Assert.DoesNotContain(journal.Records, r => r.Priority == EventPriority.Low);
        journal.Append(Message(3000, EventPriority.High, 1000));
        Assert.Equal(1, journal.DroppedHigh);
        Assert.Equal(0, dropped[^1]); // the oldest high-priority record went last
        Assert.True(journal.LiveBytes <= 64 * 1024);
    }

    [Fact]
    public void Drops_are_remembered_across_a_restart()
    {
        using (var journal = Open(Options(maxBytes: 64 * 1024)))
        {
            for (var i = 0; i < 200; i++)
            {
                journal.Append(Message(i, EventPriority.Low, 1000));
            }
        }
        using var reopened = Open(Options(maxBytes: 64 * 1024));
        Assert.True(reopened.Records.Count < 200);
        Assert.Equal(199, Index(reopened.Records.Last!.Value));
        Assert.Equal(Enumerable.Range(200 - reopened.Records.Count, reopened.Records.Count), reopened.Records.Select(Index));
    }

    [Fact]
    public void A_large_file_is_truncated_when_everything_is_acknowledged_and_compacted_when_mostly_acknowledged()
    {
        using var journal = Open(Options(maxBytes: 64L * 1024 * 1024));
        var records = Enumerable.Range(0, 30_000).Select(i => journal.Append(Message(i))).ToList();
        journal.Commit();
        Assert.True(new FileInfo(Options().Path).Length > 1024 * 1024);
        records.ForEach(journal.Remove);
        journal.Commit();
        Assert.Equal(0, new FileInfo(Options().Path).Length);

        var keep = journal.Append(Message(7, payloadBytes: 100));
        for (var i = 0; i < 100_000; i++)
        {
            var r = journal.Append(Message(i, payloadBytes: 100));
            journal.Commit();
            journal.Remove(r);
        }
        journal.Commit();
        Assert.True(journal.FileBytes < 9 * 1024 * 1024, $"journal should have been compacted, is {journal.FileBytes} bytes");
        Assert.Same(keep, journal.Records.Single());
    }

    [Fact]
    public void A_full_disk_is_reported_and_the_records_stay_in_memory()
    {
        // /dev/full accepts the open and fails every write with ENOSPC: a real full disk, no fake.
        var failures = new List<IOException>();
        using var journal = OutboxJournal.Open(Options() with { Path = "/dev/full" }, _logs.CreateLogger("outbox"));
        journal.WriteFailed = failures.Add;
        journal.Append(Message(1));
        journal.Append(Message(2));
        journal.Commit();
        Assert.NotEmpty(failures);
        Assert.Contains("space", failures[0].Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([1, 2], journal.Records.Select(Index));
    }

    [Fact]
    public void An_empty_path_keeps_the_outbox_in_memory()
    {
        using var journal = OutboxJournal.Open(Options() with { Path = "" }, _logs.CreateLogger("outbox"));
        journal.Append(Message(1));
        journal.Commit();
        Assert.Single(journal.Records);
        Assert.False(File.Exists(Options().Path));
    }

    public void Dispose()
    {
        _dir.Dispose();
        Assert.Empty(_logs.UnexpectedErrors);
    }
}
