namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// A capture device for a child <c>edge</c> on a machine without a sound card: ALSA's <c>file</c> plugin serving a
/// second of silence, named in a test-owned configuration that alsa-lib reads at start (the real ALSA and PortAudio
/// path runs).
/// </summary>
internal static class AlsaTestMicrophone
{
    /// <summary>Writes the configuration under <paramref name="dir"/>; returns the <c>ALSA_CONFIG_PATH</c> value that adds <paramref name="name"/>.</summary>
    public static string Configure(TempDir dir, string name)
    {
        var raw = dir.File(name + ".raw");
        File.WriteAllBytes(raw, new byte[32000]);
        var asoundrc = dir.File(name + ".asoundrc");
        File.WriteAllText(asoundrc, $$"""pcm.{{name}} { type file; slave.pcm "null"; file "/dev/null"; infile "{{raw}}"; format "raw" }""");
        return "/usr/share/alsa/alsa.conf:" + asoundrc;
    }
}
