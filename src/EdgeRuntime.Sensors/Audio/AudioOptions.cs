using System.Numerics;
using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Audio;

/// <summary>Where audio comes from (section <c>Audio</c>).</summary>
/// <remarks>Example: <c>{ "Audio": { "Source": "portaudio", "Device": "default", "SampleRate": 16000 } }</c>.</remarks>
public sealed record AudioOptions
{
    /// <summary>The allowed sources.</summary>
    public static readonly string[] Sources = ["none", "portaudio", "replay"];

    /// <summary><c>none</c>, <c>portaudio</c> or <c>replay</c>.</summary>
    public string Source { get; init; } = "none";

    /// <summary>PortAudio: the capture device's name (exact, or a unique substring; <c>default</c> for the host's default input).</summary>
    public string Device { get; init; } = "default";

    /// <summary>The ring's sample rate (mono). Capture is resampled to it when the device cannot deliver it.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Samples per capture block, as a duration.</summary>
    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How much audio the ring holds (rounded up to a power of two of samples).</summary>
    public TimeSpan RingDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The WAVE file for <c>replay</c>.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Replay pacing: <c>realtime</c>, <c>realtime-lossless</c> or <c>asfast</c>.</summary>
    public ReplayPacing Pacing { get; init; } = ReplayPacing.Realtime;

    /// <summary>Replay: start over at the end.</summary>
    public bool Loop { get; init; }

    /// <summary>Replay, set by code (<c>edge eval --seconds</c>), not configuration: play only the file's first seconds.</summary>
    public double? ReplayUntil { get; init; }

    /// <summary>Replay, set by code (degraded-mode tests), not configuration: the microphone goes away at this file time.</summary>
    public double? ReplayLostAt { get; init; }

    /// <summary>No audio for this long: the audio stream is missing.</summary>
    public TimeSpan MissingTimeout { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The ring's capacity in samples (a power of two).</summary>
    public int RingCapacity => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, RingDuration.TotalSeconds * SampleRate));

    /// <summary>Reads and checks the section; errors are recorded on the reader.</summary>
    public static AudioOptions Read(ConfigSection section, string baseDirectory)
    {
        var source = section.GetChoice("Source", "none", Sources);
        var options = new AudioOptions
        {
            Source = source,
            Device = section.GetString("Device", "default"),
            SampleRate = section.GetInt("SampleRate", 16000, 8000, 48000),
            BlockDuration = section.GetDuration("BlockDuration", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(200)),
            RingDuration = section.GetDuration("RingDuration", TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)),
            ReplayFile = section.GetExistingFile("ReplayFile", baseDirectory),
            Pacing = ReplayPacings.Parse(section.GetChoice("Pacing", "realtime", ReplayPacings.Names)),
            Loop = section.GetBool("Loop", false),
            MissingTimeout = section.GetDuration("MissingTimeout", TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
        };
        if (source == "replay" && options.ReplayFile is null && string.IsNullOrWhiteSpace(section.GetString("ReplayFile", "")))
        {
            section.Error("ReplayFile", null, "a WAVE file is required when Source is replay");
        }
        return options;
    }
}
