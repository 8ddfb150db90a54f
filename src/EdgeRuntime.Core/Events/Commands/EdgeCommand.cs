namespace EdgeRuntime.Core.Events.Commands;

/// <summary>
/// A validated user command (from MQTT <c>&lt;prefix&gt;/&lt;feature&gt;/set</c>, a GPIO button, ...). Match on the
/// concrete type: <see cref="DescribeNowCommand"/>, <see cref="ReadTextCommand"/>, <see cref="MuteCommand"/>,
/// <see cref="SensorCommand"/>.
/// </summary>
/// <param name="Origin">Where it came from, e.g. <c>mqtt</c> or <c>gpio</c>.</param>
/// <param name="ReceivedAt">Monotonic ns when it was received.</param>
public abstract record EdgeCommand(string Origin, long ReceivedAt)
{
    /// <summary>The feature name used in topics (<c>describe</c>, <c>read_text</c>, <c>mute</c>, or a sensor name).</summary>
    public abstract string Feature { get; }
}

/// <summary>Describe the scene now (escalate to tier 2 and speak the description).</summary>
public sealed record DescribeNowCommand(string Origin, long ReceivedAt) : EdgeCommand(Origin, ReceivedAt)
{
    /// <inheritdoc />
    public override string Feature => CommandFeatures.Describe;
}

/// <summary>Read the text in view aloud (run OCR now).</summary>
public sealed record ReadTextCommand(string Origin, long ReceivedAt) : EdgeCommand(Origin, ReceivedAt)
{
    /// <inheritdoc />
    public override string Feature => CommandFeatures.ReadText;
}

/// <summary>Mute (<paramref name="Muted"/> true) or unmute spoken output.</summary>
public sealed record MuteCommand(string Origin, long ReceivedAt, bool Muted) : EdgeCommand(Origin, ReceivedAt)
{
    /// <inheritdoc />
    public override string Feature => CommandFeatures.Mute;
}

/// <summary>Pause (<paramref name="Paused"/> true) or resume one sensor by its configured name.</summary>
public sealed record SensorCommand(string Origin, long ReceivedAt, string Sensor, bool Paused) : EdgeCommand(Origin, ReceivedAt)
{
    /// <inheritdoc />
    public override string Feature => Sensor;
}

/// <summary>The fixed feature names; sensor names come from configuration.</summary>
public static class CommandFeatures
{
    /// <summary><c>&lt;prefix&gt;/describe/set</c>, payload <c>PRESS</c> (or empty).</summary>
    public const string Describe = "describe";

    /// <summary><c>&lt;prefix&gt;/read_text/set</c>, payload <c>PRESS</c> (or empty).</summary>
    public const string ReadText = "read_text";

    /// <summary><c>&lt;prefix&gt;/mute/set</c>, payload <c>ON</c> (muted) or <c>OFF</c>.</summary>
    public const string Mute = "mute";
}
