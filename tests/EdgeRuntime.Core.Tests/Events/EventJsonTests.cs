using System.Text.Json;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;

namespace EdgeRuntime.Core.Tests.Events;

public sealed class EventJsonTests
{
    private static readonly ManualTimeProvider Time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    private static TrackedObject Person(float score) => new()
    {
        Id = "1795860000.000000-abcdef",
        Source = "front",
        Label = "person",
        Score = score,
        Box = new BoundingBox(0.25f, 0.5f, 0.125f, 0.25f),
        Modality = Modality.Vision,
        Tier = 1,
        StartTime = 1795860000.0,
        MonotonicNs = 42,
    };

    [Fact]
    public void An_update_event_serializes_in_frigate_shape_with_schema_and_id()
    {
        var e = EdgeEvent.Updated(Person(0.5f), Person(0.75f), Time);
        var json = JsonSerializer.Serialize(e, EventJsonContext.Default.EdgeEvent);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(EventSchema.Version, root.GetProperty("schema").GetInt32());
        Assert.Equal("update", root.GetProperty("type").GetString());
        Assert.Equal(e.Id, root.GetProperty("id").GetString());
        Assert.Equal(0.75, root.GetProperty("after").GetProperty("score").GetDouble(), 6);
        Assert.Equal("vision", root.GetProperty("after").GetProperty("modality").GetString());
        Assert.Equal(0.125, root.GetProperty("after").GetProperty("box").GetProperty("w").GetDouble(), 6);
        Assert.Equal(1795860000.0, root.GetProperty("after").GetProperty("start_time").GetDouble(), 3);
        Assert.False(root.GetProperty("after").TryGetProperty("end_time", out _), "nulls are omitted");
        Assert.False(root.TryGetProperty("priority", out _), "priority is local to the outbox");
    }

    [Fact]
    public void An_event_survives_a_round_trip_unchanged()
    {
        var e = EdgeEvent.Ended(Person(0.5f), Person(0.6f) with { EndTime = 1795860010.5, Text = "EXIT" }, Time);
        var json = JsonSerializer.Serialize(e, EventJsonContext.Default.EdgeEvent);
        var back = JsonSerializer.Deserialize(json, EventJsonContext.Default.EdgeEvent)!;
        Assert.Equal(e with { }, back with { });
        Assert.Equal(EventType.End, back.Type);
        Assert.Equal(EventPriority.High, back.Priority);
    }

    [Fact]
    public void A_superseded_decision_is_compact_snake_case_json_with_its_outcome_named_and_no_full_latency()
    {
        var d = new CascadeDecision
        {
            Id = "1795860000.000000-abcdef", Sequence = 41, Reason = "user", Reasons = ["user", "scene_change"],
            Outcome = DecisionOutcome.Superseded, Frameless = true, MonotonicNs = 42, LatencyMs = 1.5, Timestamp = 1795860000.0,
        };
        var json = JsonSerializer.Serialize(d, EventJsonContext.Default.CascadeDecision);
        Assert.Equal("""{"schema":1,"id":"1795860000.000000-abcdef","sequence":41,"tier":2,"reason":"user","reasons":["user","scene_change"],"outcome":"superseded","frameless":true,"monotonic_ns":42,"latency_ms":1.5,"timestamp":1795860000}""", json);
        Assert.Equal(d with { }, JsonSerializer.Deserialize(json, EventJsonContext.Default.CascadeDecision)! with { Reasons = d.Reasons });
    }

    [Fact]
    public void Event_ids_are_unique_and_start_with_the_unix_time()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => EventId.New(Time)).ToHashSet();
        Assert.Equal(10_000, ids.Count);
        var prefix = Time.GetUtcNow().ToUnixTimeSeconds() + ".000000-";
        Assert.All(ids, id => Assert.StartsWith(prefix, id));
    }

    [Theory]
    [InlineData("describe", "PRESS", typeof(DescribeNowCommand))]
    [InlineData("describe", "", typeof(DescribeNowCommand))]
    [InlineData("read_text", " press ", typeof(ReadTextCommand))]
    [InlineData("mute", "ON", typeof(MuteCommand))]
    [InlineData("camera", "off", typeof(SensorCommand))]
    public void Accepted_commands_parse_to_their_type(string feature, string payload, Type expected)
    {
        var parser = new CommandParser(["camera", "microphone"]);
        var command = parser.Parse(feature, System.Text.Encoding.UTF8.GetBytes(payload), "test", 1, out var reason);
        Assert.True(command is not null, reason);
        Assert.IsType(expected, command);
    }

    [Theory]
    [InlineData("describe", "NOW", "expects PRESS")]
    [InlineData("mute", "maybe", "expects ON or OFF")]
    [InlineData("garage", "ON", "unknown feature 'garage'")]
    public void Other_commands_are_rejected_with_a_reason(string feature, string payload, string why)
    {
        var parser = new CommandParser(["camera"]);
        Assert.Null(parser.Parse(feature, System.Text.Encoding.UTF8.GetBytes(payload), "test", 1, out var reason));
        Assert.Contains(why, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sensor_command_off_pauses_and_on_resumes()
    {
        var parser = new CommandParser(["camera"]);
        Assert.True(((SensorCommand)parser.Parse("camera", "OFF"u8, "t", 0, out _)!).Paused);
        Assert.False(((SensorCommand)parser.Parse("camera", "ON"u8, "t", 0, out _)!).Paused);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var parser = new CommandParser([]);
        Assert.Null(parser.Parse("mute", [0xff, 0xfe, 0x4f], "t", 0, out var reason));
        Assert.Contains("UTF-8", reason, StringComparison.Ordinal);
    }
}
