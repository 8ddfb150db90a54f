using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Console;

public sealed class JsonlFileTests
{
    private static JsonlOptions Options(string path, FsyncPolicy fsync = FsyncPolicy.Batched, long maxBytes = 1 << 20) =>
        new(path, maxBytes, fsync, TimeSpan.FromMilliseconds(50));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Each_console_line_is_in_the_file_as_soon_as_it_is_on_the_console_before_the_sink_closes()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("var/events.jsonl"); // its folder does not exist yet
        var console = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), console, ownsOutput: false, JsonlFile.Open(Options(path), new ManualTimeProvider(), new ListLogger()));
        await sink.StartAsync(CancellationToken.None);
        sink.Publish(SyntheticEvents.Numbered(1));
        sink.PublishCount("front", "person", 2);
        await sink.FlushAsync(CancellationToken.None);

        // Not closed, not fsynced (the manual clock never fires the batched timer): what a crash would leave.
        Assert.Equal(Lines(console.ToString()), Lines(ReadShared(path)));
        Assert.Equal(3, Lines(ReadShared(path)).Length);

        await sink.DisposeAsync();
        Assert.Equal(Lines(console.ToString()), Lines(ReadShared(path)));
        Assert.Contains("\"stopped\"", Lines(ReadShared(path))[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_fsync_runs_once_the_interval_passed_after_a_line_and_every_fsyncs_each_line()
    {
        using var dir = Repo.TempDir();
        var time = new ManualTimeProvider();
        using (var batched = JsonlFile.Open(Options(dir.File("b.jsonl")), time, new ListLogger()))
        {
            batched.Append("{\"a\":1}\n"u8);
            batched.Append("{\"a\":2}\n"u8);
            time.Advance(TimeSpan.FromMilliseconds(49));
            Assert.Equal(0, batched.Syncs);
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, batched.Syncs);
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, batched.Syncs); // nothing new: no fsync
            batched.Append("{\"a\":3}\n"u8);
            time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.Equal(2, batched.Syncs);
        }

        using var every = JsonlFile.Open(Options(dir.File("e.jsonl"), FsyncPolicy.Every), time, new ListLogger());
        every.Append("{\"a\":1}\n"u8);
        every.Append("{\"a\":2}\n"u8);
        Assert.Equal(2, every.Syncs);
    }

    [Fact]
    public void A_line_that_would_pass_MaxBytes_first_moves_the_file_to_dot_1_so_no_line_is_split_or_lost_but_the_oldest()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("events.jsonl");
        var lines = Enumerable.Range(0, 12).Select(i => $"{{\"n\":{i:D3},\"pad\":\"0123456789\"}}\n").ToArray(); // 30 bytes each
        using (var file = JsonlFile.Open(Options(path, FsyncPolicy.None, maxBytes: 100), new ManualTimeProvider(), new ListLogger()))
        {
            foreach (var line in lines)
            {
                file.Append(System.Text.Encoding.UTF8.GetBytes(line));
            }
        }
        // 3 lines (90 bytes) fit; the 4th starts a new file: lines 0-8 rotated out twice, 9-11 current, 6-8 in .1.
        Assert.Equal(lines[9..].Select(l => l.TrimEnd('\n')), Lines(File.ReadAllText(path)));
        Assert.Equal(lines[6..9].Select(l => l.TrimEnd('\n')), Lines(File.ReadAllText(path + ".1")));
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_a_configuration_error_naming_the_key_and_the_path()
    {
        var path = "/dev/null/events.jsonl";
        var e = Assert.Throws<ConfigurationValidationException>(() => JsonlFile.Open(Options(path), TimeProvider.System, new ListLogger()));
        Assert.Contains("Output:Jsonl:Path = '/dev/null/events.jsonl'", e.Message, StringComparison.Ordinal);
    }
}
