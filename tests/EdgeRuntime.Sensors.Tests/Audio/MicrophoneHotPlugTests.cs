using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Devices;

namespace EdgeRuntime.Sensors.Tests.Audio;

/// <summary>
/// A microphone that is not there when the daemon starts (a USB microphone plugged in later) is opened again with
/// backoff through real PortAudio and ALSA until it appears; meanwhile the stream monitor reports it missing, and once
/// it captures the monitor reports it recovered.
/// </summary>
[Collection(AlsaCollection.Name)]
public sealed class MicrophoneHotPlugTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public async Task A_microphone_absent_at_start_is_retried_and_captured_once_it_appears()
    {
        var (raw, _) = AlsaFileDevice.MakeSpeech(_dir);
        using var alsa = new AlsaFileDevice(_dir, raw, plugged: false);
        using var ring = new AudioRing("audio", 16000, 1 << 20);
        using var monitor = new StreamMonitor(checkPeriod: TimeSpan.FromMilliseconds(20));
        monitor.Watch(ring, TimeSpan.FromMilliseconds(200));
        monitor.Start();
        var logger = new ListLogger();
        var mic = new PortAudioMicrophone(AlsaFileDevice.Name, TimeSpan.FromMilliseconds(16), ring, logger,
            retry: new RetryBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)));
        using var cts = new CancellationTokenSource(Deadline);
        var run = mic.RunAsync(cts.Token);

        await Eventually.TrueAsync(() => logger.Contains("microphone 'replaymic' unavailable") || run.IsCompleted, Deadline, "the absent microphone logged");
        await Eventually.TrueAsync(() => Events(monitor).Contains(StreamEventKind.Missing) || run.IsCompleted, Deadline, "the microphone reported missing");
        Assert.False(run.IsCompleted, "the microphone gave up instead of retrying");
        Assert.Equal(0, mic.Opens);
        Assert.Equal(0, ring.Written);

        alsa.Plug();
        await Eventually.TrueAsync(() => ring.Written >= 16000 || run.IsCompleted, Deadline, "a second of audio once plugged in");
        await Eventually.TrueAsync(() => _seen.Contains(StreamEventKind.Recovered) || Events(monitor).Contains(StreamEventKind.Recovered), Deadline, "the microphone reported recovered");
        await cts.CancelAsync();
        await run;
        Assert.Equal(1, mic.Opens);
        Assert.True(logger.Contains("capturing 'replaymic' (ALSA)"), logger.ToString());
        Assert.True(ring.Bound.IsClosed);
    }

    private readonly List<StreamEventKind> _seen = [];

    private List<StreamEventKind> Events(StreamMonitor monitor)
    {
        while (monitor.Events.TryRead(out var e))
        {
            _seen.Add(e.Kind);
        }
        return _seen;
    }

    public void Dispose() => _dir.Dispose();
}
