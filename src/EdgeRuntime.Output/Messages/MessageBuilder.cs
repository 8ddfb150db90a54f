using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeRuntime.Core.Events;

namespace EdgeRuntime.Output.Messages;

/// <summary>
/// Turns the sink calls into <see cref="OutgoingMessage"/>s: topic, payload (source-generated JSON or a plain value),
/// retain flag, durability and priority. Shared by every sink so the console and MQTT outputs say the same thing.
/// </summary>
/// <remarks>
/// What is durable (journaled, QoS 1): events, scenes, counts, audio and motion states, command states.
/// What is not (QoS 0, dropped while offline, superseded by the next one): stats, decisions, dBFS levels, availability,
/// outbox status.
/// </remarks>
public sealed class MessageBuilder(Topics topics)
{
    private static readonly byte[] s_on = "ON"u8.ToArray();
    private static readonly byte[] s_off = "OFF"u8.ToArray();

    /// <summary>The topic layout.</summary>
    public Topics Topics { get; } = topics;

    /// <summary><c>&lt;prefix&gt;/events</c>.</summary>
    public OutgoingMessage Event(EdgeEvent e) =>
        Make(Topics.Events, JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.EdgeEvent), retain: false, durable: true, e.Priority);

    /// <summary><c>&lt;prefix&gt;/scene</c>, retained.</summary>
    public OutgoingMessage Scene(SceneDescription scene) =>
        Make(Topics.Scene, JsonSerializer.SerializeToUtf8Bytes(scene, EventJsonContext.Default.SceneDescription), retain: true, durable: true, EventPriority.High);

    /// <summary>
    /// <c>&lt;prefix&gt;/decisions</c>: best effort, like stats; the always-full baseline decides on every frame, which
    /// must not fill the outbox or cost an fsync each.
    /// </summary>
    public OutgoingMessage Decision(CascadeDecision decision) =>
        Make(Topics.Decisions, JsonSerializer.SerializeToUtf8Bytes(decision, EventJsonContext.Default.CascadeDecision), retain: false, durable: false, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/stats</c>.</summary>
    public OutgoingMessage Stats(PipelineStats stats) =>
        Make(Topics.Stats, JsonSerializer.SerializeToUtf8Bytes(stats, EventJsonContext.Default.PipelineStats), retain: false, durable: false, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/outbox</c>: the output's counters, retained.</summary>
    public OutgoingMessage OutboxStatus(OutputStats stats) =>
        Make(Topics.Outbox, JsonSerializer.SerializeToUtf8Bytes(stats, EventJsonContext.Default.OutputStats), retain: true, durable: false, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/&lt;label&gt;</c>, retained.</summary>
    public OutgoingMessage Count(string source, string label, int count) =>
        Make(Topics.Count(source, label), Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture)), retain: true, durable: true, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/audio/&lt;type&gt;</c> ON/OFF, retained.</summary>
    public OutgoingMessage AudioState(string source, string audioType, bool on) =>
        Make(Topics.Audio(source, audioType), on ? s_on : s_off, retain: true, durable: true, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/motion</c> ON/OFF, retained.</summary>
    public OutgoingMessage Motion(string source, bool on) =>
        Make(Topics.Motion(source), on ? s_on : s_off, retain: true, durable: true, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/audio/dBFS</c>, one decimal.</summary>
    public OutgoingMessage AudioLevel(string source, float dbfs) =>
        Make(Topics.AudioLevel(source), Encoding.ASCII.GetBytes(dbfs.ToString("F1", CultureInfo.InvariantCulture)), retain: false, durable: false, EventPriority.Low);

    /// <summary>
    /// <c>&lt;prefix&gt;/distance</c>, retained but best effort (like a level: the next reading supersedes it); the
    /// obstacle's arrival and departure go durably as events.
    /// </summary>
    public OutgoingMessage Distance(DistanceState state) =>
        Make(Topics.Distance, JsonSerializer.SerializeToUtf8Bytes(state, EventJsonContext.Default.DistanceState), retain: true, durable: false, EventPriority.Low);

    /// <summary><c>&lt;prefix&gt;/&lt;feature&gt;/state</c>, retained.</summary>
    public OutgoingMessage State(string feature, string state) =>
        Make(Topics.State(feature), Encoding.UTF8.GetBytes(state), retain: true, durable: true, EventPriority.High);

    /// <summary><c>&lt;prefix&gt;/available</c>: <c>online</c>, <c>offline</c> or <c>stopped</c>, retained.</summary>
    public OutgoingMessage Available(string state) =>
        Make(Topics.Available, Encoding.ASCII.GetBytes(state), retain: true, durable: false, EventPriority.High);

    private static OutgoingMessage Make(Topic topic, byte[] payload, bool retain, bool durable, EventPriority priority) =>
        new(topic, payload, retain, durable, priority, Stopwatch.GetTimestamp());
}
