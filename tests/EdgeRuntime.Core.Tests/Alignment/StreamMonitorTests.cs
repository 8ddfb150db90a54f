using EdgeRuntime.Core.Alignment;
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
}
