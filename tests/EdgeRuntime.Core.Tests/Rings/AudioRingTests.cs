using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Tests.Rings;

public class AudioRingTests
{
    // 1 kHz keeps the arithmetic readable: one sample per millisecond.
    private const int Rate = 1000;
    private static Timestamp Ms(double ms) => Timestamp.FromMilliseconds(ms);

    private static float[] Ramp(int from, int count) => Enumerable.Range(from, count).Select(i => (float)i).ToArray();

    private static float[] Read(in AudioWindow w)
    {
        var copy = new float[w.Count];
        w.CopyTo(copy);
        return copy;
    }

    [Fact]
    public void A_window_is_the_samples_nearest_its_edges()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        Assert.True(ring.Write(Ramp(0, 10), Ms(100), Ms(110)));
        Assert.True(ring.Write(Ramp(10, 10), Ms(110), Ms(120)));

        Assert.True(ring.TryGetWindow(Ms(103), Ms(115), out var w));
        Assert.Equal(Ramp(3, 12), Read(w));
        Assert.Equal(Ms(103), w.Start);
        Assert.Equal(Ms(115), w.End);
        Assert.Equal(0, w.MissingNanoseconds);
        Assert.False(w.Truncated);
    }

    [Fact]
    public void A_window_across_the_end_of_the_ring_comes_as_two_spans_in_order()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        for (var b = 0; b < 10; b++)
        {
            Assert.True(ring.Write(Ramp(b * 10, 10), Ms(b * 10), Ms(b * 10 + 10)));
            ring.Release(ring.Written - 40);
        }
        Assert.True(ring.TryGetWindow(Ms(60), Ms(100), out var w));
        w.GetSpans(out var first, out var second);
        Assert.Equal(4, first.Length); // indexes 60..63 sit at the end of the 64-sample array
        Assert.Equal(36, second.Length);
        Assert.Equal(Ramp(60, 40), Read(w));
        Assert.Equal(70f, w[10]);
    }

    [Fact]
    public void A_gap_between_blocks_is_reported_as_missing_time()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        ring.Write(Ramp(0, 10), Ms(0), Ms(10));
        ring.Write(Ramp(30, 10), Ms(30), Ms(40)); // 20 ms never arrived
        Assert.True(ring.TryGetWindow(Ms(5), Ms(35), out var w));
        Assert.Equal(Ramp(5, 5).Concat(Ramp(30, 5)), Read(w));
        Assert.Equal(20_000_000, w.MissingNanoseconds);
    }

    [Fact]
    public void A_block_starting_just_after_or_before_the_previous_end_continues_it()
    {
        using var ring = new AudioRing("audio", Rate, 64, continuityTolerance: TimeSpan.FromMilliseconds(2));
        ring.Write(Ramp(0, 10), Ms(0), Ms(10));
        ring.Write(Ramp(10, 10), Ms(11), Ms(20)); // 1 ms late: joined
        ring.Write(Ramp(20, 10), Ms(19.5), Ms(30)); // 0.5 ms early: moved up
        Assert.True(ring.TryGetWindow(Ms(0), Ms(30), out var w));
        Assert.Equal(30, w.Count);
        Assert.Equal(0, w.MissingNanoseconds);
        Assert.Equal(Ms(10), ring.TimeOf(10));
        Assert.Equal(Ms(20), ring.TimeOf(20));
    }

    [Fact]
    public void When_the_consumer_has_not_released_room_a_block_is_refused_and_counted_never_overwritten()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        Assert.True(ring.Write(Ramp(0, 40), Ms(0), Ms(40)));
        Assert.False(ring.Write(Ramp(40, 40), Ms(40), Ms(80)));
        Assert.Equal((1L, 40L), (ring.Overruns, ring.OverrunSamples));
        Assert.Equal(Ms(80), ring.Bound.Value); // the stream is alive; only the consumer lags

        ring.Release(ring.IndexAt(Ms(30)));
        Assert.True(ring.Write(Ramp(80, 40), Ms(80), Ms(120)));
        Assert.True(ring.TryGetWindow(Ms(30), Ms(120), out var w));
        Assert.Equal(Ramp(30, 10).Concat(Ramp(80, 40)), Read(w));
        Assert.Equal(40_000_000, w.MissingNanoseconds);
    }

    [Fact]
    public void A_window_starting_before_the_oldest_sample_is_truncated()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        ring.Write(Ramp(0, 20), Ms(100), Ms(120));
        Assert.True(ring.TryGetWindow(Ms(90), Ms(110), out var w));
        Assert.True(w.Truncated);
        Assert.Equal(Ramp(0, 10), Read(w));
        Assert.False(ring.TryGetWindow(Ms(130), Ms(140), out _));
        Assert.False(ring.TryGetWindow(Ms(50), Ms(60), out _));
    }

    [Fact]
    public void A_sequential_reader_gets_hops_only_once_written()
    {
        using var ring = new AudioRing("audio", Rate, 64);
        ring.Write(Ramp(0, 10), Ms(0), Ms(10));
        Assert.True(ring.TryRead(4, 6, out var hop));
        Assert.Equal(Ramp(4, 6), Read(hop));
        Assert.Equal(Ms(4), hop.Start);
        Assert.False(ring.TryRead(8, 6, out _));
        ring.Release(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryRead(4, 2, out _));
    }

    [Fact]
    public void A_concurrent_producer_and_sequential_consumer_lose_nothing_and_read_in_order()
    {
        const int blocks = 10_000;
        const int blockSize = 160;
        using var ring = new AudioRing("audio", 16000, 4096);
        var producer = new Thread(() =>
        {
            var block = new float[blockSize];
            for (var b = 0; b < blocks; b++)
            {
                for (var i = 0; i < blockSize; i++)
                {
                    block[i] = (b * blockSize + i) % 1_000_000;
                }
                var start = new Timestamp(b * 10_000_000L);
                // Waiting for room is the test's choice; a real capture thread cannot wait and counts an overrun.
                while (!ring.Write(block, start, start.AddNanoseconds(10_000_000)))
                {
                    Thread.Yield();
                }
            }
            ring.Complete();
        });
        long next = 0, wrong = 0;
        var consumer = new Thread(() =>
        {
            while (next < (long)blocks * blockSize)
            {
                var available = (int)Math.Min(ring.Written - next, 512);
                if (available <= 0 || !ring.TryRead(next, available, out var hop))
                {
                    Thread.Yield();
                    continue;
                }
                hop.GetSpans(out var a, out var b);
                foreach (var s in a)
                {
                    wrong += s == next++ % 1_000_000 ? 0 : 1;
                }
                foreach (var s in b)
                {
                    wrong += s == next++ % 1_000_000 ? 0 : 1;
                }
                ring.Release(next);
            }
        });
        producer.Start();
        consumer.Start();
        Assert.True(producer.Join(TimeSpan.FromSeconds(60)) && consumer.Join(TimeSpan.FromSeconds(60)), "threads finished");
        Assert.Equal(0, wrong);
        Assert.Equal((long)blocks * blockSize, next);
        Assert.Equal(ring.OverrunSamples, ring.Overruns * blockSize);
    }

    [Fact]
    public void Writing_querying_and_releasing_allocate_nothing()
    {
        using var ring = new AudioRing("audio", 16000, 8192);
        var block = new float[160];
        long t = 0;
        for (var i = 0; i < 200; i++, t += 10_000_000)
        {
            ring.Write(block, new Timestamp(t), new Timestamp(t + 10_000_000));
            ring.ReleaseBefore(new Timestamp(t - 200_000_000));
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0;
        for (var i = 0; i < 10_000; i++, t += 10_000_000)
        {
            ring.Write(block, new Timestamp(t), new Timestamp(t + 10_000_000));
            if (ring.TryGetWindow(new Timestamp(t - 100_000_000), new Timestamp(t), out var w))
            {
                w.GetSpans(out var a, out var b);
                total += a.Length + b.Length;
            }
            ring.ReleaseBefore(new Timestamp(t - 200_000_000));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000 * 1600, total);
    }
}
