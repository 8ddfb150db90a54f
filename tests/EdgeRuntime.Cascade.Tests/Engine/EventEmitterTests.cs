using System.Text.Json;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;

namespace EdgeRuntime.Cascade.Tests.Engine;

/// <summary>The emitter's events on the real console sink (the JSON lines MQTT would carry), read back.</summary>
public sealed class EventEmitterTests
{
    private static Evidence Seen(string label, double at, string? text = null) =>
        new(text is null ? "centernet" : "ppocr", 2, label, 0.8f, new Detectors.Box(0.1f, 0.1f, 0.2f, 0.2f), Timestamp.FromSeconds(at), text);

    private static async Task<List<(string Label, string Type, long Ns)>> Emit(Action<EventEmitter> feed)
    {
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        feed(new EventEmitter(sink, TimeProvider.System));
        await sink.FlushAsync(CancellationToken.None);
        await sink.DisposeAsync();
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("topic").GetString() == "edge/events")
            .Select(l => l.GetProperty("payload"))
            .Select(p => (p.GetProperty("after").GetProperty("label").GetString()!, p.GetProperty("type").GetString()!,
                p.GetProperty("after").GetProperty("monotonic_ns").GetInt64()))
            .ToList();
    }

    [Fact]
    public async Task A_label_the_tracker_let_go_ends_when_it_was_first_missed_and_replaced_text_ends_at_the_view()
    {
        var events = await Emit(emitter =>
        {
            emitter.ViewChanged([Seen("cup", 1)], [Seen("text", 1, "EXIT")], [], Timestamp.FromSeconds(1));
            emitter.ViewChanged([], [Seen("text", 3, "EXIT 2")], [new Departure("cup", Timestamp.FromSeconds(2.2))], Timestamp.FromSeconds(3));
            emitter.ViewChanged([], [], [new Departure("text", Timestamp.FromSeconds(3.5))], Timestamp.FromSeconds(4));
        });
        Assert.Equal(
        [
            ("cup", "new", Timestamp.FromSeconds(1).Nanoseconds), ("text", "new", Timestamp.FromSeconds(1).Nanoseconds),
            ("text", "new", Timestamp.FromSeconds(3).Nanoseconds), ("cup", "end", Timestamp.FromSeconds(2.2).Nanoseconds),
            ("text", "end", Timestamp.FromSeconds(3).Nanoseconds), ("text", "end", Timestamp.FromSeconds(3.5).Nanoseconds),
        ], events);
    }
}
