using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Output.Speech;

/// <summary>Spoken descriptions (<c>Speech</c> section).</summary>
public sealed record SpeechOptions
{
    /// <summary>Speak descriptions at all.</summary>
    public bool Enabled { get; init; }

    /// <summary>The espeak-ng executable.</summary>
    public string Command { get; init; } = "espeak-ng";

    /// <summary>espeak-ng voice.</summary>
    public string Voice { get; init; } = "en-us";

    /// <summary>Words per minute.</summary>
    public int WordsPerMinute { get; init; } = 175;

    /// <summary>Descriptions start at least this far apart; a newer one waits (and supersedes any waiting one) unless urgent.</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>A waiting description older than this when its turn comes is dropped as stale.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>When set, each utterance is written as a WAV file into this folder instead of played (boards without a speaker, CI).</summary>
    public string? WavDirectory { get; init; }

    /// <summary>Reads the <c>Speech</c> section.</summary>
    public static SpeechOptions Read(ConfigSection section) => new()
    {
        Enabled = section.GetBool("Enabled", false),
        Command = section.GetString("Command", "espeak-ng"),
        Voice = section.GetString("Voice", "en-us"),
        WordsPerMinute = section.GetInt("WordsPerMinute", 175, 80, 450),
        MinInterval = section.GetDuration("MinInterval", TimeSpan.FromSeconds(4), TimeSpan.Zero, TimeSpan.FromMinutes(5)),
        MaxAge = section.GetDuration("MaxAge", TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        WavDirectory = section.GetString("WavDirectory", "") is { Length: > 0 } dir ? dir : null,
    };
}
