using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Policy;

public sealed class DecisionLogTests
{
    private static DecisionRecord Record(long n, int tier, EscalationReason reason) =>
        new(tier, reason, Timestamp.FromSeconds(n), Timestamp.FromSeconds(n), Timestamp.FromSeconds(n + 0.01), TimeSpan.FromMilliseconds(tier * 10), TimeSpan.FromMilliseconds(20));

    [Fact]
    public void Totals_give_the_escalation_rate_and_the_ring_keeps_the_newest_records()
    {
        var log = new DecisionLog(capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, log.Add(Record(i, i % 5 == 0 ? 2 : 1, i % 5 == 0 ? EscalationReason.SceneChange | EscalationReason.Periodic : EscalationReason.None)));
        }
        var s = log.Snapshot();
        Assert.Equal(10, s.Count);
        Assert.Equal(0.2, s.EscalationRate, 6);
        Assert.Equal([0L, 8L, 2L], s.ByTier);
        Assert.Equal(2, s.ByReason[EscalationReason.SceneChange]);
        Assert.Equal(2, s.ByReason[EscalationReason.Periodic]);
        Assert.Equal([6L, 7L, 8L, 9L], s.Records.Select(r => r.Sequence));
        Assert.Equal([6.0, 7.0, 8.0, 9.0], s.Records.Select(r => r.Frame.Seconds));
        Assert.Equal(TimeSpan.FromMilliseconds(40), s.ComputeByTier[2]);

        // The totals alone (the stats sampler's read) are the same totals, without the ring.
        var totals = log.Snapshot(withRecords: false);
        Assert.Equal((s.Count, s.EscalationRate, s.Frames), (totals.Count, totals.EscalationRate, totals.Frames));
        Assert.Empty(totals.Records);
    }

    [Fact]
    public void Frameless_escalations_count_by_reason_but_not_in_the_frame_escalation_rate()
    {
        var log = new DecisionLog();
        log.Add(Record(0, 2, EscalationReason.Startup));
        log.Add(Record(1, 1, EscalationReason.None));
        log.Add(Record(2, 0, EscalationReason.None));
        log.Add(Record(3, 0, EscalationReason.None));
        log.Add(Record(4, 2, EscalationReason.SceneChange) with { Frameless = true });
        log.Add(Record(5, 2, EscalationReason.UserRequest) with { Frameless = true });

        var s = log.Snapshot();
        Assert.Equal((6L, 2L, 4L, 1L), (s.Count, s.Frameless, s.Frames, s.EscalatedFrames));
        Assert.Equal(0.25, s.EscalationRate, 6);
        Assert.Equal(1, s.ByReason[EscalationReason.UserRequest]);
        Assert.Equal(1, s.ByReason[EscalationReason.SceneChange]);
        Assert.Equal([false, false, false, false, true, true], s.Records.Select(r => r.Frameless));
    }

    [Fact]
    public void A_settled_tier2_decision_replaces_its_record_while_the_ring_still_holds_it()
    {
        var log = new DecisionLog(capacity: 4);
        var first = Record(0, 2, EscalationReason.Startup) with { Sequence = log.Add(Record(0, 2, EscalationReason.Startup)) };
        var second = Record(1, 2, EscalationReason.SceneChange) with { Sequence = log.Add(Record(1, 2, EscalationReason.SceneChange)) };
        log.Complete(first with { FullLatency = TimeSpan.FromMilliseconds(300) });
        log.Complete(second with { Superseded = true });
        var s = log.Snapshot();
        Assert.Equal([TimeSpan.FromMilliseconds(300), null], s.Records.Select(r => r.FullLatency));
        Assert.Equal([false, true], s.Records.Select(r => r.Superseded));

        // Once the ring has moved past a record, settling it leaves the newer record in its slot alone.
        for (var i = 2; i < 6; i++)
        {
            log.Add(Record(i, 0, EscalationReason.None));
        }
        log.Complete(first with { FullLatency = TimeSpan.FromSeconds(9) });
        s = log.Snapshot();
        Assert.Equal([2L, 3L, 4L, 5L], s.Records.Select(r => r.Sequence));
        Assert.All(s.Records, r => Assert.Null(r.FullLatency));
        Assert.Equal(2, s.ByTier[2]); // settling changes no total
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var log = new DecisionLog(capacity: 64);
        log.Add(Record(0, 2, EscalationReason.Startup));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < 1000; i++)
        {
            var sequence = log.Add(Record(i, 1 + (i & 1), (EscalationReason)(i & 63)));
            log.Complete(Record(i, 2, EscalationReason.Startup) with { Sequence = sequence, FullLatency = TimeSpan.FromMilliseconds(i) });
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
