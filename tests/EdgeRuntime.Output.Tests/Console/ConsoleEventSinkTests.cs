using System.Text.Json;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Console;

public sealed class ConsoleEventSinkTests
{
    [Fact]
    public async Task Every_message_becomes_one_json_line_with_the_mqtt_topic_and_payload()
    {
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        var e = SyntheticEvents.Numbered(3);
        sink.Publish(e);
        sink.PublishCount("front", "person", 2);
        sink.PublishAudioState("mic", "speech", on: true);
        sink.PublishAudioLevel("mic", -20.5f);
        sink.PublishScene(new SceneDescription { Id = "s1", Text = "One person.", Reason = "user", MonotonicNs = 5, Timestamp = 1, People = 1 });
        await sink.FlushAsync(CancellationToken.None);
        await sink.DisposeAsync();

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(
            ["edge/available", "edge/events", "edge/front/person", "edge/mic/audio/speech", "edge/mic/audio/dBFS", "edge/scene", "edge/available"],
            lines.Select(l => l.GetProperty("topic").GetString()));
        Assert.Equal("online", lines[0].GetProperty("payload").GetString());
        Assert.Equal(e.Id, lines[1].GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal("new", lines[1].GetProperty("payload").GetProperty("type").GetString());
        Assert.Equal("2", lines[2].GetProperty("payload").GetString());
        Assert.Equal("ON", lines[3].GetProperty("payload").GetString());
        Assert.Equal("-20.5", lines[4].GetProperty("payload").GetString());
        Assert.True(lines[5].GetProperty("retain").GetBoolean());
        Assert.Equal(1, lines[5].GetProperty("payload").GetProperty("people").GetInt32());
        Assert.Equal("stopped", lines[6].GetProperty("payload").GetString());
        Assert.Equal(7, sink.Stats.Delivered);
    }

    [Fact]
    public async Task A_decision_goes_to_the_decisions_topic_unretained()
    {
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        sink.PublishDecision(new CascadeDecision { Id = "d1", Sequence = 7, Reason = "startup", Reasons = ["startup"], MonotonicNs = 5, FullLatencyMs = 250, Timestamp = 1 });
        await sink.FlushAsync(CancellationToken.None);
        await sink.DisposeAsync();

        var line = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(l => l.GetProperty("topic").GetString() != "edge/available");
        Assert.Equal("edge/decisions", line.GetProperty("topic").GetString());
        Assert.False(line.GetProperty("retain").GetBoolean());
        Assert.Equal("completed", line.GetProperty("payload").GetProperty("outcome").GetString());
        Assert.Equal(250, line.GetProperty("payload").GetProperty("full_latency_ms").GetDouble());
    }
}

public sealed class ConsoleEventSinkBoundTests
{
    [Fact]
    public async Task A_stalled_output_holds_at_most_the_capacity_and_counts_what_it_drops_by_priority()
    {
        var output = new GatedWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false, file: null, capacity: 4);
        await sink.StartAsync(CancellationToken.None); // queues "online", which the writer takes and then blocks on
        await output.Blocked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 4; i++)
        {
            sink.Publish(SyntheticEvents.Numbered(i)); // fills the queue: new events are high priority
        }
        sink.Publish(SyntheticEvents.Numbered(4));
        sink.PublishAudioLevel("mic", -20f); // low priority
        Assert.Equal((1L, 1L), (sink.Stats.DroppedHigh, sink.Stats.DroppedLow));
        Assert.Equal(5, sink.Stats.Accepted); // "online" and the four that fitted

        output.Release();
        await sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await sink.DisposeAsync();
        var topics = output.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("topic").GetString()!).ToArray();
        Assert.Equal(["edge/available", "edge/events", "edge/events", "edge/events", "edge/events", "edge/available"], topics);
        Assert.Equal(6, sink.Stats.Delivered);
    }

    // Blocks on the first line until released, like a reader of standard output that stopped reading.
    private sealed class GatedWriter : TextWriter
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Lines { get; } = [];

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public void Release() => _gate.TrySetResult();

        public override async Task WriteLineAsync(string? value)
        {
            Blocked.TrySetResult();
            await _gate.Task.ConfigureAwait(false);
            lock (Lines)
            {
                Lines.Add(value!);
            }
        }
    }
}
