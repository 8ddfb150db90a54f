namespace EdgeRuntime.Sensors.Tests.Audio;

/// <summary>
/// A capture device served by ALSA's <c>file</c> plugin from a raw 16 kHz mono S16_LE file, declared in a test-owned
/// asoundrc that <c>ALSA_CONFIG_PATH</c> points at. ALSA reads the variable when PortAudio initialises, so tests using
/// it run in the <see cref="AlsaCollection"/> (one at a time) and open their PortAudio session after creating this.
/// </summary>
internal sealed class AlsaFileDevice : IDisposable
{
    public const string Name = "replaymic";
    private readonly string? _previous;
    private readonly string _asoundrc;
    private readonly string _rawFile;

    /// <summary>Declares the device, or, unplugged, an asoundrc without it until <see cref="Plug"/>.</summary>
    public AlsaFileDevice(TempDir dir, string rawFile, bool plugged = true)
    {
        _asoundrc = dir.File("asoundrc");
        _rawFile = rawFile;
        File.WriteAllText(_asoundrc, "");
        if (plugged)
        {
            Plug();
        }
        _previous = Environment.GetEnvironmentVariable("ALSA_CONFIG_PATH");
        NativeEnvironment.Set("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + _asoundrc);
    }

    /// <summary>The device appears: a PortAudio session initialised from now on lists it (a USB microphone plugged in).</summary>
    public void Plug() => File.WriteAllText(_asoundrc, $$"""
        pcm.{{Name}} { type file; slave.pcm "null"; file "/dev/null"; infile "{{_rawFile}}"; format "raw" }
        """);

    /// <summary>espeak-ng speech converted by sox to the raw format the device serves; returns (raw file, its samples).</summary>
    public static (string Raw, short[] Samples) MakeSpeech(TempDir dir)
    {
        var wav = AudioFiles.Speech(dir);
        var raw = dir.File("speech16.raw");
        var r = ProcessRunner.Run("sox", [wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw], TimeSpan.FromSeconds(60));
        Assert.True(r.ExitCode == 0, r.ToString());
        var bytes = File.ReadAllBytes(raw);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return (raw, samples);
    }

    public void Dispose() => NativeEnvironment.Set("ALSA_CONFIG_PATH", _previous);
}

/// <summary>Tests that change the process's ALSA configuration run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AlsaCollection
{
    public const string Name = "ALSA";
}
