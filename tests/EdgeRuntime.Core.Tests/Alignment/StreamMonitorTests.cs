using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Tests.Alignment;

public sealed class StreamMonitorTests
{
    [Fact]
    public void Events_nobody_reads_are_bounded_and_the_oldest_dropped_are_counted()
    {
        using var monitor = new StreamMonitor(TimeProvider.System);
        for (var n = 1; n <= 300; n++)
        {
            monitor.Report(new StreamEvent(SensorStream.Camera, StreamEventKind.Restarted, Timestamp.FromMilliseconds(n), n, TimeSpan.Zero));
        }

        Assert.Equal(44, monitor.Dropped);
        Assert.True(monitor.Events.TryRead(out var oldest));
        Assert.Equal(45, oldest.Count); // the 44 oldest went
        Assert.Equal("camera restarted (#45)", oldest.ToString());
    }

    [Fact]
    public async Task A_replay_held_back_by_a_slow_consumer_is_not_missing_and_its_silence_counts_from_the_take()
    {
        // Before the hold-back, a lossless replay whose cascade took longer than the timeout over one frame (a first
        // pass, a loaded machine) published camera_missing though a frame stood waiting in the ring.
        var time = new ManualTimeProvider();
        var format = FrameFormat.Packed(8, 8, PixelFormat.Gray8);
        using var ring = new FrameRing("camera", 3, format.FrameBytes, time);
        using var monitor = new StreamMonitor(time, TimeSpan.FromMilliseconds(50));
        monitor.Watch(ring, TimeSpan.FromMilliseconds(300));
        monitor.Start();
        var frame = ring.TryAcquire()!;
        frame.Format = format;
        frame.Length = format.FrameBytes;
        frame.Timestamp = Timestamp.FromMilliseconds(0);
        ring.Publish(frame);
        var waiting = ring.WaitUntilTakenAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(ring.Bound.IsHeldBack);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(monitor.IsMissing(SensorStream.Camera));

        Assert.True(ring.TryTake(out var taken));
        ring.Release(taken);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(ring.Bound.IsHeldBack);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(monitor.IsMissing(SensorStream.Camera)); // 200 ms since the take, not 2.2 s since the frame
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(monitor.IsMissing(SensorStream.Camera)); // nothing came after the take: now it is missing
        Assert.True(monitor.Events.TryRead(out var e));
        Assert.Equal(StreamEventKind.Missing, e.Kind);
    }

    [Fact]
    public async Task A_full_audio_ring_waiting_for_room_is_not_a_missing_microphone()
    {
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 1000, 128, time: time);
        using var monitor = new StreamMonitor(time, TimeSpan.FromMilliseconds(50));
        monitor.Watch(ring, TimeSpan.FromMilliseconds(300));
        monitor.Start();
        Assert.True(ring.Write(new float[128], Timestamp.FromMilliseconds(0), Timestamp.FromMilliseconds(128)));
        var waiting = ring.WaitForRoomAsync(64, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(monitor.IsMissing(SensorStream.Microphone));

        ring.Release(ring.IndexAt(Timestamp.FromMilliseconds(64)));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.True(monitor.IsMissing(SensorStream.Microphone));
    }
}
