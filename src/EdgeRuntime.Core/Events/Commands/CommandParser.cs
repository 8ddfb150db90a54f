using System.Text;

namespace EdgeRuntime.Core.Events.Commands;

/// <summary>
/// Validates a command given as a feature name and a raw payload. Accepts exactly: <c>describe</c> and
/// <c>read_text</c> with <c>PRESS</c> or an empty payload; <c>mute</c> with <c>ON</c>/<c>OFF</c>; a known sensor name
/// with <c>ON</c> (resume) or <c>OFF</c> (pause). Payloads are case-insensitive and trimmed. Anything else, including
/// bytes that are not UTF-8, yields a reason instead of a command; nothing here throws on input.
/// </summary>
public sealed class CommandParser
{
    /// <summary>Longest payload looked at; longer ones are rejected without decoding.</summary>
    public const int MaxPayloadBytes = 64;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly HashSet<string> _sensors;

    /// <summary>Creates a parser that knows the configured sensor names (pause/resume targets).</summary>
    public CommandParser(IEnumerable<string> sensors) => _sensors = new HashSet<string>(sensors, StringComparer.Ordinal);

    /// <summary>The sensor names accepted as features.</summary>
    public IReadOnlyCollection<string> Sensors => _sensors;

    /// <summary>Parses one command; on failure <paramref name="reason"/> says why and the result is null.</summary>
    public EdgeCommand? Parse(string feature, ReadOnlySpan<byte> payload, string origin, long receivedAt, out string reason)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            reason = $"payload of {payload.Length} bytes is longer than {MaxPayloadBytes}";
            return null;
        }
        string text;
        try
        {
            text = s_strictUtf8.GetString(payload).Trim();
        }
        catch (DecoderFallbackException)
        {
            reason = "payload is not valid UTF-8";
            return null;
        }
        var upper = text.ToUpperInvariant();
        switch (feature)
        {
            case CommandFeatures.Describe:
                return Press(upper, feature, out reason) ? new DescribeNowCommand(origin, receivedAt) : null;
            case CommandFeatures.ReadText:
                return Press(upper, feature, out reason) ? new ReadTextCommand(origin, receivedAt) : null;
            case CommandFeatures.Mute:
                return OnOff(upper, feature, out var muted, out reason) ? new MuteCommand(origin, receivedAt, muted) : null;
        }
        if (_sensors.Contains(feature))
        {
            // ON means the sensor runs: OFF pauses it.
            return OnOff(upper, feature, out var on, out reason) ? new SensorCommand(origin, receivedAt, feature, Paused: !on) : null;
        }
        reason = $"unknown feature '{Printable(feature)}'; accepted: {CommandFeatures.Describe}, {CommandFeatures.ReadText}, {CommandFeatures.Mute}"
            + (_sensors.Count > 0 ? ", " + string.Join(", ", _sensors.Order(StringComparer.Ordinal)) : "");
        return null;
    }

    private static bool Press(string payload, string feature, out string reason)
    {
        if (payload is "" or "PRESS")
        {
            reason = "";
            return true;
        }
        reason = $"{feature} expects PRESS or an empty payload, got '{Printable(payload)}'";
        return false;
    }

    private static bool OnOff(string payload, string feature, out bool on, out string reason)
    {
        on = payload == "ON";
        if (payload is "ON" or "OFF")
        {
            reason = "";
            return true;
        }
        reason = $"{feature} expects ON or OFF, got '{Printable(payload)}'";
        return false;
    }

    /// <summary>Keeps log lines readable and single-line whatever the input held.</summary>
    public static string Printable(string s)
    {
        var b = new StringBuilder(Math.Min(s.Length, MaxPayloadBytes));
        foreach (var c in s)
        {
            if (b.Length >= MaxPayloadBytes)
            {
                b.Append('…');
                break;
            }
            b.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }
        return b.ToString();
    }
}
