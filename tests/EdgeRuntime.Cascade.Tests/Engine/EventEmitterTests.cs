using System.Text.Json;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Policy;
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

    private static async Task<List<JsonElement>> Payloads(string topic, Action<EventEmitter> feed)
    {
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        feed(new EventEmitter(sink, TimeProvider.System));
        await sink.FlushAsync(CancellationToken.None);
        await sink.DisposeAsync();
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("topic").GetString() == topic)
            .Select(l => l.GetProperty("payload"))
            .ToList();
    }

    private static async Task<List<(string Label, string Type, long Ns)>> Emit(Action<EventEmitter> feed) =>
        (await Payloads("edge/events", feed))
            .Select(p => (p.GetProperty("after").GetProperty("label").GetString()!, p.GetProperty("type").GetString()!,
                p.GetProperty("after").GetProperty("monotonic_ns").GetInt64()))
            .ToList();

    [Fact]
    public async Task A_label_the_tracker_let_go_ends_when_it_was_first_missed_and_replaced_text_ends_at_the_view()
    {
        var events = await Emit(emitter =>
        {
            emitter.ViewChanged([Seen("cup", 1)], [Seen("text", 1, "EXIT")], [], [], Timestamp.FromSeconds(1));
            emitter.ViewChanged([], [Seen("text", 3, "EXIT 2")], [new Departure("cup", Timestamp.FromSeconds(2.2))], [], Timestamp.FromSeconds(3));
            emitter.ViewChanged([], [], [new Departure("text", Timestamp.FromSeconds(3.5))], [], Timestamp.FromSeconds(4));
        });
        Assert.Equal(
        [
            ("cup", "new", Timestamp.FromSeconds(1).Nanoseconds), ("text", "new", Timestamp.FromSeconds(1).Nanoseconds),
            ("text", "new", Timestamp.FromSeconds(3).Nanoseconds), ("cup", "end", Timestamp.FromSeconds(2.2).Nanoseconds),
            ("text", "end", Timestamp.FromSeconds(3).Nanoseconds), ("text", "end", Timestamp.FromSeconds(3.5).Nanoseconds),
        ], events);
    }

    [Fact]
    public async Task Each_settled_tier2_decision_is_one_line_on_the_decisions_topic_counted_by_every_reason()
    {
        IReadOnlyDictionary<string, long> byReason = new Dictionary<string, long>();
        IReadOnlyDictionary<string, long> byType = new Dictionary<string, long>();
        var decisions = await Payloads("edge/decisions", emitter =>
        {
            var ran = new DecisionRecord(2, EscalationReason.SceneChange | EscalationReason.Periodic, Timestamp.FromSeconds(3), Timestamp.FromSeconds(2.99),
                Timestamp.FromSeconds(3.01), TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(10)) { Sequence = 45, FullLatency = TimeSpan.FromMilliseconds(420) };
            emitter.Decided(ran);
            emitter.Decided(ran with { Sequence = 50, Reason = EscalationReason.UserRequest, Frameless = true, Audio = Timestamp.MinValue, FullLatency = null, Superseded = true });
            (byReason, byType) = (emitter.DecisionsByReason, emitter.ByType);
        });

        Assert.Equal(2, decisions.Count);
        var ran = decisions[0];
        Assert.Equal((45L, 2, "scene_change", "completed", false), (ran.GetProperty("sequence").GetInt64(), ran.GetProperty("tier").GetInt32(),
            ran.GetProperty("reason").GetString(), ran.GetProperty("outcome").GetString(), ran.GetProperty("frameless").GetBoolean()));
        Assert.Equal(["scene_change", "periodic"], ran.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Timestamp.FromSeconds(3).Nanoseconds, ran.GetProperty("monotonic_ns").GetInt64());
        Assert.Equal(Timestamp.FromSeconds(2.99).Nanoseconds, ran.GetProperty("audio_monotonic_ns").GetInt64());
        Assert.Equal((10.0, 420.0), (ran.GetProperty("latency_ms").GetDouble(), ran.GetProperty("full_latency_ms").GetDouble()));
        var replaced = decisions[1];
        Assert.Equal(("user", "superseded", true), (replaced.GetProperty("reason").GetString(), replaced.GetProperty("outcome").GetString(), replaced.GetProperty("frameless").GetBoolean()));
        Assert.False(replaced.TryGetProperty("full_latency_ms", out _));
        Assert.False(replaced.TryGetProperty("audio_monotonic_ns", out _));
        Assert.Equal(new Dictionary<string, long> { ["scene_change"] = 1, ["periodic"] = 1, ["user"] = 1 }, byReason);
        Assert.Equal((1L, 1L), (byType["decision/completed"], byType["decision/superseded"]));
    }
}
