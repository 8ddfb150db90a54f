using System.Buffers.Binary;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Tests.Rings;

public class FrameRingTests
{
    private static readonly FrameFormat Format = FrameFormat.Packed(8, 8, PixelFormat.Gray8);

    private static void Produce(FrameRing ring, long stampNs, byte fill = 0)
    {
        var frame = ring.TryAcquire() ?? throw new InvalidOperationException("no buffer");
        frame.Format = Format;
        frame.Length = Format.FrameBytes;
        frame.Data.Fill(fill);
        frame.Timestamp = new Timestamp(stampNs);
        ring.Publish(frame);
    }

    [Fact]
    public void A_frame_not_taken_is_replaced_by_the_newer_one_and_counted_as_dropped()
    {
        using var ring = new FrameRing("camera", 4, Format.FrameBytes);
        Produce(ring, 1, fill: 1);
        Produce(ring, 2, fill: 2);
        Produce(ring, 3, fill: 3);

        Assert.True(ring.TryTake(out var frame));
        Assert.Equal(new Timestamp(3), frame.Timestamp);
        Assert.Equal(2, frame.Sequence);
        Assert.All(frame.Data.ToArray(), b => Assert.Equal(3, b));
        Assert.False(ring.TryTake(out _));
        Assert.Equal((3L, 2L, 1L), (ring.Published, ring.Dropped, ring.Taken));
        ring.Release(frame);
    }

    [Fact]
    public void The_bound_passes_each_published_frame()
    {
        using var ring = new FrameRing("camera", 3, 64);
        Assert.Equal(Timestamp.MinValue, ring.Bound.Value);
        Produce(ring, 1_000);
        Assert.Equal(new Timestamp(1_001), ring.Bound.Value);
    }

    [Fact]
    public void When_the_consumer_holds_every_other_buffer_the_producer_reclaims_the_waiting_frame()
    {
        using var ring = new FrameRing("camera", 3, Format.FrameBytes);
        Produce(ring, 1);
        Assert.True(ring.TryTake(out var held1));
        Produce(ring, 2);
        Assert.True(ring.TryTake(out var held2));
        Produce(ring, 3); // the third buffer now waits in the mailbox; the producer has none left
        Produce(ring, 4); // so it reclaims frame 3, which is dropped
        Assert.Equal(1, ring.Dropped);
        Assert.True(ring.TryTake(out var latest));
        Assert.Equal(new Timestamp(4), latest.Timestamp);

        // All three buffers are out now: the next incoming frame is skipped.
        Assert.Null(ring.TryAcquire());
        Assert.Equal(1, ring.Starved);

        ring.Release(held1);
        ring.Release(held2);
        ring.Release(latest);
        Assert.NotNull(ring.TryAcquire());
    }

    [Fact]
    public async Task TakeAsync_waits_for_the_next_frame_and_ends_after_Complete()
    {
        using var ring = new FrameRing("camera", 3, 64);
        var take = ring.TakeAsync(CancellationToken.None);
        Assert.False(take.IsCompleted);
        Produce(ring, 5);
        var frame = await take.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(frame);
        Assert.Equal(new Timestamp(5), frame!.Timestamp);
        ring.Release(frame);

        Produce(ring, 6);
        ring.Complete();
        var last = await ring.TakeAsync(CancellationToken.None);
        Assert.Equal(new Timestamp(6), last!.Timestamp);
        ring.Release(last);
        Assert.Null(await ring.TakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TakeAsync_is_cancellable()
    {
        using var ring = new FrameRing("camera", 3, 64);
        using var cts = new CancellationTokenSource();
        var take = ring.TakeAsync(cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_concurrent_producer_and_consumer_keep_order_and_contents_and_account_for_every_frame()
    {
        const int frames = 200_000;
        using var ring = new FrameRing("camera", 4, 64);
        var producer = new Thread(() =>
        {
            for (long i = 0; i < frames; i++)
            {
                Frame? frame;
                while ((frame = ring.TryAcquire()) is null)
                {
                    Thread.SpinWait(10);
                }
                frame.Length = 64;
                // The payload repeats the stamp, so a buffer reused while the consumer holds it shows up as a mismatch.
                for (var k = 0; k < 8; k++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(frame.Buffer[(k * 8)..], i);
                }
                frame.Timestamp = new Timestamp(i);
                ring.Publish(frame);
            }
            ring.Complete();
        });
        long taken = 0, lastSequence = -1, lastStamp = -1, corrupt = 0;
        var consumer = new Thread(() =>
        {
            while (true)
            {
                if (!ring.TryTake(out var frame))
                {
                    if (ring.Bound.IsClosed && !ring.HasPending)
                    {
                        break;
                    }
                    Thread.SpinWait(20);
                    continue;
                }
                taken++;
                if (frame.Sequence <= lastSequence || frame.Timestamp.Nanoseconds <= lastStamp)
                {
                    corrupt++;
                }
                lastSequence = frame.Sequence;
                lastStamp = frame.Timestamp.Nanoseconds;
                Thread.SpinWait(50); // hold it a little, as a consumer does
                for (var k = 0; k < 8; k++)
                {
                    if (BinaryPrimitives.ReadInt64LittleEndian(frame.Data[(k * 8)..]) != frame.Timestamp.Nanoseconds)
                    {
                        corrupt++;
                    }
                }
                ring.Release(frame);
            }
        });
        producer.Start();
        consumer.Start();
        Assert.True(producer.Join(TimeSpan.FromSeconds(60)) && consumer.Join(TimeSpan.FromSeconds(60)), "threads finished");

        Assert.Equal(0, corrupt);
        Assert.Equal(frames, ring.Published);
        Assert.Equal(taken, ring.Taken);
        Assert.Equal(ring.Published, ring.Taken + ring.Dropped);
        Assert.Equal(0, ring.Starved);
        Assert.Equal(frames - 1, lastSequence); // latest wins: the last frame is always delivered
    }

    [Fact]
    public void Publishing_and_taking_allocate_nothing()
    {
        using var ring = new FrameRing("camera", 3, 64);
        for (var i = 0; i < 100; i++)
        {
            Produce(ring, i);
            if (ring.TryTake(out var f))
            {
                ring.Release(f);
            }
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 10_100; i++)
        {
            var frame = ring.TryAcquire()!;
            frame.Length = 64;
            frame.Timestamp = new Timestamp(i);
            ring.Publish(frame);
            if ((i & 1) == 0 && ring.TryTake(out var f))
            {
                ring.Release(f);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_pool_needs_at_least_three_buffers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameRing("camera", 2, 64));
    }
}
