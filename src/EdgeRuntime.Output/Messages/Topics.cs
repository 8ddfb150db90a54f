namespace EdgeRuntime.Output.Messages;

/// <summary>
/// The topic layout under one prefix (Frigate's conventions): <c>available</c>, <c>events</c>, <c>scene</c>,
/// <c>decisions</c>, <c>stats</c>, <c>outbox</c>, <c>distance</c>, <c>&lt;source&gt;/&lt;label&gt;</c> counts, <c>&lt;source&gt;/audio/&lt;type&gt;</c>,
/// <c>&lt;source&gt;/audio/dBFS</c>, <c>&lt;source&gt;/motion</c>, <c>&lt;feature&gt;/set</c> and <c>&lt;feature&gt;/state</c>.
/// </summary>
public sealed class Topics
{
    /// <summary>Creates the layout; the prefix must be a valid topic without wildcards.</summary>
    public Topics(string prefix)
    {
        if (!IsValidName(prefix))
        {
            throw new ArgumentException($"'{prefix}' is not a valid MQTT topic prefix (non-empty, no '+', '#' or NUL, no leading or trailing '/')", nameof(prefix));
        }
        Prefix = prefix;
        Available = Topic.Of(prefix + "/available");
        Events = Topic.Of(prefix + "/events");
        Scene = Topic.Of(prefix + "/scene");
        Decisions = Topic.Of(prefix + "/decisions");
        Stats = Topic.Of(prefix + "/stats");
        Outbox = Topic.Of(prefix + "/outbox");
        Distance = Topic.Of(prefix + "/distance");
        CommandFilter = prefix + "/+/set";
    }

    /// <summary>The prefix, e.g. <c>edge</c>.</summary>
    public string Prefix { get; }

    /// <summary><c>online</c> (retained) on connect, <c>offline</c> as Last Will, <c>stopped</c> on clean shutdown.</summary>
    public Topic Available { get; }

    /// <summary>Events (new/update/end).</summary>
    public Topic Events { get; }

    /// <summary>The latest scene description (retained).</summary>
    public Topic Scene { get; }

    /// <summary>The cascade's tier-2 decisions, one message each (as Frigate's <c>reviews</c> sits beside <c>events</c>).</summary>
    public Topic Decisions { get; }

    /// <summary>Periodic stats.</summary>
    public Topic Stats { get; }

    /// <summary>The outbox's own counters, published when something was dropped (retained).</summary>
    public Topic Outbox { get; }

    /// <summary>The obstacle-distance sensor's latest state (retained).</summary>
    public Topic Distance { get; }

    /// <summary>The subscription for commands: <c>&lt;prefix&gt;/+/set</c>.</summary>
    public string CommandFilter { get; }

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/&lt;label&gt;</c>.</summary>
    public Topic Count(string source, string label) => Topic.Of($"{Prefix}/{Level(source)}/{Level(label)}");

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/audio/&lt;type&gt;</c>.</summary>
    public Topic Audio(string source, string audioType) => Topic.Of($"{Prefix}/{Level(source)}/audio/{Level(audioType)}");

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/audio/dBFS</c>.</summary>
    public Topic AudioLevel(string source) => Topic.Of($"{Prefix}/{Level(source)}/audio/dBFS");

    /// <summary><c>&lt;prefix&gt;/&lt;source&gt;/motion</c>.</summary>
    public Topic Motion(string source) => Topic.Of($"{Prefix}/{Level(source)}/motion");

    /// <summary><c>&lt;prefix&gt;/&lt;feature&gt;/state</c>.</summary>
    public Topic State(string feature) => Topic.Of($"{Prefix}/{Level(feature)}/state");

    /// <summary><c>&lt;prefix&gt;/&lt;feature&gt;/set</c>.</summary>
    public string Command(string feature) => $"{Prefix}/{Level(feature)}/set";

    /// <summary>The feature of a command topic (<c>&lt;prefix&gt;/&lt;feature&gt;/set</c>), or null when the topic is not one.</summary>
    public string? CommandFeature(string topic)
    {
        if (topic.Length <= Prefix.Length + 5 || !topic.StartsWith(Prefix, StringComparison.Ordinal) || topic[Prefix.Length] != '/'
            || !topic.EndsWith("/set", StringComparison.Ordinal))
        {
            return null;
        }
        var feature = topic[(Prefix.Length + 1)..^4];
        return feature.Length == 0 || feature.Contains('/') ? null : feature;
    }

    /// <summary>A topic name without wildcards, NUL, or empty edges.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.Length < 60_000 && !name.StartsWith('/') && !name.EndsWith('/')
        && name.IndexOfAny(['+', '#', '\0']) < 0;

    // One topic level: '/' and wildcards in a source or label name would change the topic's shape.
    private static string Level(string name) =>
        name.Length > 0 && name.IndexOfAny(['/', '+', '#', '\0']) < 0 ? name : name.Replace('/', '_').Replace('+', '_').Replace('#', '_').Replace('\0', '_') is { Length: > 0 } s ? s : "_";
}
