using EdgeRuntime.Core.Rings;
using EdgeRuntime.Interop.PortAudio;
using EdgeRuntime.Sensors.Audio;

namespace EdgeRuntime.Sensors.Tests.Audio;

/// <summary>Real capture: PortAudio's ALSA host API reading the ALSA file plugin.</summary>
[Collection(AlsaCollection.Name)]
public sealed class PortAudioCaptureTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public void PortAudio_lists_the_file_plugin_device_under_ALSA_as_a_capture_device()
    {
        var (raw, _) = AlsaFileDevice.MakeSpeech(_dir);
        using var alsa = new AlsaFileDevice(_dir, raw);
        using var session = new PortAudioSession();
        var device = session.FindInput(AlsaFileDevice.Name);
        Assert.Equal("ALSA", device.HostApi);
        Assert.True(device.MaxInputChannels > 0);
        Assert.True(session.Supports(device, 1, 16000));
        Assert.StartsWith("PortAudio V19", PortAudioSession.VersionText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_device_name_is_an_error_that_lists_the_capture_devices()
    {
        var (raw, _) = AlsaFileDevice.MakeSpeech(_dir);
        using var alsa = new AlsaFileDevice(_dir, raw);
        using var session = new PortAudioSession();
        var e = Assert.Throws<PortAudioException>(() => session.FindInput("no-such-microphone"));
        Assert.Contains("'replaymic'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Speech_made_with_espeak_ng_is_captured_with_its_duration_and_energy()
    {
        var (raw, source) = AlsaFileDevice.MakeSpeech(_dir);
        using var alsa = new AlsaFileDevice(_dir, raw);
        using var ring = new AudioRing("audio", 16000, 1 << 20);
        var logger = new ListLogger();
        var mic = new PortAudioMicrophone(AlsaFileDevice.Name, TimeSpan.FromMilliseconds(16), ring, logger);
        using var cts = new CancellationTokenSource(Deadline);
        var run = mic.RunAsync(cts.Token);

        // The file plugin over the null device is not paced by a clock: capture runs ahead, then serves silence.
        var wanted = source.Length + 16000;
        await Eventually.TrueAsync(() => ring.Written >= wanted || run.IsCompleted, Deadline, "a second of audio past the speech");
        await cts.CancelAsync();
        await run;
        Assert.True(logger.Contains("capturing 'replaymic' (ALSA), 1 ch at 16000 Hz"), logger.ToString());

        Assert.True(ring.TryRead(0, wanted, out var window), "captured samples readable from index 0");
        var captured = new float[wanted];
        window.CopyTo(captured);

        // Duration: where the speech energy starts and ends, in both.
        var expected = source.Select(s => s / 32768f).ToArray();
        var (firstSrc, lastSrc) = Active(expected);
        var (firstCap, lastCap) = Active(captured);
        Assert.InRange(firstCap - firstSrc, 0, 160);
        Assert.InRange((lastCap - firstCap) - (lastSrc - firstSrc), -160, 160);
        // Energy: same RMS over the speech, and silence after it.
        var speechRms = AudioFiles.Rms(expected);
        Assert.Equal(speechRms, AudioFiles.Rms(captured.AsSpan(firstCap - firstSrc, expected.Length)), 3);
        Assert.True(AudioFiles.Rms(captured.AsSpan(firstCap - firstSrc + expected.Length + 160)) < 0.001, "silence after the speech");
        // Stamps increase through the capture.
        Assert.True(ring.TimeOf(wanted) > ring.TimeOf(0));
        Assert.True(mic.Buffers > 0);
    }

    // First and last sample index louder than -40 dBFS.
    private static (int First, int Last) Active(ReadOnlySpan<float> x)
    {
        int first = -1, last = -1;
        for (var i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) > 0.01f)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        Assert.True(first >= 0, "there is sound");
        return (first, last);
    }

    public void Dispose() => _dir.Dispose();
}
