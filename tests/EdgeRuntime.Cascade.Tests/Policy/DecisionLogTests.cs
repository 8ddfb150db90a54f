using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Policy;

public sealed class DecisionLogTests
{
    private static DecisionRecord Record(long n, int tier, EscalationReason reason) =>
        new(n, tier, reason, Timestamp.FromSeconds(n), Timestamp.FromSeconds(n), Timestamp.FromSeconds(n + 0.01), TimeSpan.FromMilliseconds(tier * 10), TimeSpan.FromMilliseconds(20));

    [Fact]
    public void Totals_give_the_escalation_rate_and_the_ring_keeps_the_newest_records()
    {
        var log = new DecisionLog(capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            log.Add(Record(i, i % 5 == 0 ? 2 : 1, i % 5 == 0 ? EscalationReason.SceneChange | EscalationReason.Periodic : EscalationReason.None));
        }
        var s = log.Snapshot();
        Assert.Equal(10, s.Count);
        Assert.Equal(0.2, s.EscalationRate, 6);
        Assert.Equal([0L, 8L, 2L], s.ByTier);
        Assert.Equal(2, s.ByReason[EscalationReason.SceneChange]);
        Assert.Equal(2, s.ByReason[EscalationReason.Periodic]);
        Assert.Equal([6L, 7L, 8L, 9L], s.Records.Select(r => r.Sequence));
        Assert.Equal(TimeSpan.FromMilliseconds(40), s.ComputeByTier[2]);
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var log = new DecisionLog(capacity: 64);
        log.Add(Record(0, 2, EscalationReason.Startup));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 1000; i++)
        {
            log.Add(Record(i, 1 + (i & 1), (EscalationReason)(i & 63)));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
