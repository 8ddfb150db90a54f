using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Replay;
using EdgeRuntime.Sensors.Tests.Audio;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Sensors.Tests.Rig;

/// <summary>The rig the daemon builds, consumed the way the cascade consumes it.</summary>
public sealed class SensorRigTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public async Task A_replayed_recording_gives_every_frame_the_audio_of_the_100_ms_before_it()
    {
        var video = _dir.File("clip.mp4");
        var made = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "2", "-c:v", "mpeg4", video], Deadline);
        Assert.True(made.ExitCode == 0, made.ToString());
        var speech = AudioFiles.Speech(_dir);

        var rig = SensorRig.Create(
            new CameraOptions { Source = "replay", ReplayFile = video, Width = 64, Height = 48, PixelFormat = PixelFormat.Gray8, Pacing = ReplayPacing.AsFast },
            new AudioOptions { Source = "replay", ReplayFile = speech, Pacing = ReplayPacing.AsFast },
            new AlignerOptions { Before = TimeSpan.FromMilliseconds(100), LatencyBudget = TimeSpan.FromSeconds(5) },
            NullLoggerFactory.Instance);
        Assert.NotNull(rig.Frames);
        Assert.NotNull(rig.Audio);
        Assert.NotNull(rig.Aligner);
        using var cts = new CancellationTokenSource(Deadline);
        var runs = rig.Components.Select(c => c.RunAsync(cts.Token)).ToArray();

        var windows = new List<AlignmentResult>();
        while (await rig.Frames!.TakeAsync(cts.Token) is { } frame)
        {
            var result = await rig.Aligner!.AlignAsync(frame.Timestamp, cts.Token);
            windows.Add(result);
            rig.Audio!.ReleaseBefore(result.From);
            rig.Frames.Release(frame);
        }
        await Task.WhenAll(runs);
        foreach (var c in rig.Components.Reverse())
        {
            await c.DisposeAsync();
        }

        Assert.Equal(20, windows.Count);
        // Speech is longer than the 2 s clip, so every window after the first frame is whole: 1600 samples.
        Assert.All(windows.Skip(1), w =>
        {
            Assert.Equal(AlignmentStatus.Complete, w.Status);
            Assert.True(w.IsWhole);
            Assert.Equal(1600, w.Window.Count);
            Assert.Equal(w.From, w.Window.Start);
        });
        Assert.True(windows[0].Window.Truncated || windows[0].Window.IsEmpty, "the first frame, at time 0, has no audio before it");
        Assert.True(rig.Aligner!.EdgeError.Percentile(99) <= TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData(ReplayPacing.AsFast, false)]
    [InlineData(ReplayPacing.RealtimeLossless, true)]
    public async Task A_replay_at_asfast_is_never_declared_missing_while_it_is_silent_but_a_paced_one_is(ReplayPacing pacing, bool missing)
    {
        var video = _dir.File("clip.mp4");
        var made = ProcessRunner.Run("ffmpeg", ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "2", "-c:v", "mpeg4", video], Deadline);
        Assert.True(made.ExitCode == 0, made.ToString());
        var speech = AudioFiles.Speech(_dir);

        // Held: primed, then silent until the consumer starts the recording, which this one never does. Silence is all
        // the monitor sees, as when ffmpeg is descheduled on a loaded machine.
        var rig = SensorRig.Create(
            new CameraOptions { Source = "replay", ReplayFile = video, Width = 64, Height = 48, PixelFormat = PixelFormat.Gray8, Pacing = pacing, MissingTimeout = TimeSpan.FromMilliseconds(100) },
            new AudioOptions { Source = "replay", ReplayFile = speech, Pacing = pacing, MissingTimeout = TimeSpan.FromMilliseconds(100) },
            new AlignerOptions(), NullLoggerFactory.Instance, holdReplay: true);
        using var cts = new CancellationTokenSource(Deadline);
        var runs = rig.Components.Select(c => c.RunAsync(cts.Token)).ToArray();
        await rig.ReplayOrigin!.Ready.WaitAsync(cts.Token);
        rig.Monitor.Start();
        await Task.Delay(TimeSpan.FromMilliseconds(1500), cts.Token);

        Assert.Equal(missing, rig.Monitor.IsMissing(SensorStream.Camera));
        Assert.Equal(missing, rig.Monitor.IsMissing(SensorStream.Microphone));
        await cts.CancelAsync();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var c in rig.Components.Reverse())
        {
            await c.DisposeAsync();
        }
    }

    [Fact]
    public void Without_sensors_the_rig_has_no_components_so_an_idle_run_waits_for_a_signal()
    {
        var rig = SensorRig.Create(new CameraOptions(), new AudioOptions(), new AlignerOptions(), NullLoggerFactory.Instance);
        Assert.Empty(rig.Components);
        Assert.Null(rig.Aligner);
    }

    public void Dispose() => _dir.Dispose();
}
