using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Tests.Alignment;

public class AlignerTests
{
    private static Timestamp Ms(double ms) => Timestamp.FromMilliseconds(ms);

    private static void AdvanceTo(ManualTimeProvider time, double ms) =>
        time.Advance(TimeSpan.FromTicks(Math.Max(0, Ms(ms).Nanoseconds / 100 - time.GetTimestamp())));

    private static void WriteMs(AudioRing ring, double fromMs, double toMs)
    {
        var count = (int)Math.Round((toMs - fromMs) * ring.SampleRate / 1000);
        Span<float> block = stackalloc float[count];
        ring.Write(block, Ms(fromMs), Ms(toMs));
    }

    [Fact]
    public void A_window_is_pending_until_the_audio_bound_passes_its_end_then_complete()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        var aligner = new Aligner(ring, new AlignerOptions { Before = TimeSpan.FromMilliseconds(100), After = TimeSpan.FromMilliseconds(20) }, time: time);
        AdvanceTo(time, 1000);
        WriteMs(ring, 850, 1000);
        Assert.Equal(AlignmentStatus.Pending, aligner.TryAlign(Ms(1000), out _));
        WriteMs(ring, 1000, 1020);
        Assert.Equal(AlignmentStatus.Complete, aligner.TryAlign(Ms(1000), out var r));
        Assert.True(r.IsWhole);
        Assert.Equal((Ms(900), Ms(1020)), (r.Window.Start, r.Window.End));
        Assert.Equal(120, r.Window.Count);
        Assert.Equal(1, aligner.EdgeError.Count);
    }

    [Fact]
    public void When_the_budget_runs_out_the_frame_gets_what_arrived()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        var aligner = new Aligner(ring, new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(50) }, time: time);
        AdvanceTo(time, 1000);
        WriteMs(ring, 850, 960);
        Assert.Equal(AlignmentStatus.Pending, aligner.TryAlign(Ms(1000), out _));
        AdvanceTo(time, 1050);
        Assert.Equal(AlignmentStatus.Partial, aligner.TryAlign(Ms(1000), out var r));
        Assert.Equal(60, r.Window.Count);
        Assert.Equal(40_000_000, r.Window.MissingNanoseconds);
        Assert.Equal(1, aligner.PartialCount);
    }

    [Fact]
    public async Task AlignAsync_completes_as_soon_as_the_audio_arrives()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        var aligner = new Aligner(ring, time: time);
        AdvanceTo(time, 1000);
        WriteMs(ring, 880, 990);
        var align = aligner.AlignAsync(Ms(1000), CancellationToken.None);
        Assert.False(align.IsCompleted);
        WriteMs(ring, 990, 1010);
        var r = await align.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AlignmentStatus.Complete, r.Status);
        Assert.Equal(100, r.Window.Count);
    }

    [Fact]
    public async Task AlignAsync_gives_up_when_the_budget_is_spent()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        var aligner = new Aligner(ring, new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(80) }, time: time);
        AdvanceTo(time, 1000);
        WriteMs(ring, 880, 990);
        var align = aligner.AlignAsync(Ms(1000), CancellationToken.None).AsTask();
        AdvanceTo(time, 1079);
        Assert.False(align.IsCompleted);
        AdvanceTo(time, 1081);
        var r = await align.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(AlignmentStatus.Partial, r.Status);
        Assert.Equal(90, r.Window.Count);
    }

    [Fact]
    public void A_missing_audio_stream_does_not_make_frames_wait()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        using var monitor = new StreamMonitor(time, TimeSpan.FromMilliseconds(50));
        monitor.Watch(ring, TimeSpan.FromMilliseconds(300));
        monitor.Start();
        var aligner = new Aligner(ring, new AlignerOptions { LatencyBudget = TimeSpan.FromSeconds(1) }, monitor, time);
        AdvanceTo(time, 1000);
        WriteMs(ring, 900, 1000);
        AdvanceTo(time, 1400);
        Assert.True(monitor.IsMissing(SensorStream.Microphone));
        Assert.Equal(AlignmentStatus.AudioMissing, aligner.TryAlign(Ms(1350), out var r));
        Assert.True(r.Window.IsEmpty);
        Assert.True(monitor.Events.TryRead(out var e));
        Assert.Equal(StreamEventKind.Missing, e.Kind);

        WriteMs(ring, 1400, 1500);
        AdvanceTo(time, 1500);
        Assert.False(monitor.IsMissing(SensorStream.Microphone));
        Assert.True(monitor.Events.TryRead(out e));
        Assert.Equal(StreamEventKind.Recovered, e.Kind);
    }

    [Fact]
    public void An_ended_audio_stream_completes_windows_it_covered_and_reports_the_rest_missing()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 1024, time: time);
        var aligner = new Aligner(ring, time: time);
        WriteMs(ring, 0, 500);
        ring.Complete();
        Assert.Equal(AlignmentStatus.Complete, aligner.TryAlign(Ms(400), out _));
        Assert.Equal(AlignmentStatus.AudioMissing, aligner.TryAlign(Ms(600), out _));
    }

    [Fact]
    public void The_monitor_turns_overruns_and_device_overflows_into_events()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 64, time: time);
        using var monitor = new StreamMonitor(time);
        monitor.Watch(ring, TimeSpan.FromSeconds(1));
        WriteMs(ring, 0, 60);
        WriteMs(ring, 60, 120); // refused: nothing released
        ring.ReportDeviceOverflow(32);
        monitor.Check();
        var events = new List<StreamEvent>();
        while (monitor.Events.TryRead(out var e))
        {
            events.Add(e);
        }
        Assert.Equal([(StreamEventKind.Overrun, 60L), (StreamEventKind.DeviceOverflow, 32L)], events.Select(e => (e.Kind, e.Count)));
    }

    [Fact]
    public void Options_must_describe_a_window()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignerOptions { Before = TimeSpan.Zero, After = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignerOptions { LatencyBudget = TimeSpan.FromMilliseconds(-1) }.Validate());
    }
}
