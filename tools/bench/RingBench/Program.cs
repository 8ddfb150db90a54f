// RingBench: FrameRing and AudioRing throughput with a real producer and consumer thread, managed bytes allocated
// per frame / per block on both threads, and the alignment error of the aligner on simulated clocks.
// Usage: dotnet run -c Release --project tools/bench/RingBench [-- --quick]
using System.Diagnostics;
using System.Globalization;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Testing.Simulation;

var quick = args.Contains("--quick");
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine($"RingBench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run");
Console.WriteLine();

Console.WriteLine("| ring | payload | items/s | MB/s | delivered | dropped/refused | managed bytes per item (producer + consumer) |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (w, h) in new[] { (640, 480), (1280, 720) })
{
    FrameRingRun(FrameFormat.Packed(w, h, PixelFormat.Rgb24), quick ? 20_000 : 200_000, handoff: true);
    FrameRingRun(FrameFormat.Packed(w, h, PixelFormat.Rgb24), quick ? 20_000 : 200_000, handoff: false);
}
AudioRingRun(160, quick ? 200_000 : 2_000_000);
AudioRingRun(1024, quick ? 50_000 : 500_000);

Console.WriteLine();
Console.WriteLine("Alignment error on simulated clocks (true time of the window's first sample minus the requested start; 15 fps frames, 100 ms windows, 60 s):");
Console.WriteLine();
Console.WriteLine("| drift | jitter | block | outliers | offset | windows | p50 | p99 | max | aligner edge p99 | drift estimate |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (drift, jitter, block, outliers) in new[] { (0.0, 0.0, 256, 0.0), (200.0, 10.0, 256, 0.01), (-200.0, 10.0, 256, 0.01), (200.0, 10.0, 160, 0.0), (100.0, 5.0, 1024, 0.02) })
{
    var r = AlignmentSimulation.Run(new AudioClockScenario(drift, jitter, block, outliers, Seed: 42, DurationSeconds: quick ? 20 : 60, OffsetSeconds: 1234.5));
    var whole = r.Frames.Count(f => f.Whole && !f.InWarmup);
    Console.WriteLine($"| {drift:+0;-0;0} ppm | ±{jitter} ms | {block} | {outliers:P0} | 1234.5 s | {whole} | {r.TrueErrorPercentile(50) / 1e6:F3} ms | {r.TrueErrorPercentile(99) / 1e6:F3} ms | {r.TrueErrorPercentile(100) / 1e6:F3} ms | {r.EdgeError!.Percentile(99).TotalMilliseconds:F3} ms | {r.EstimatedDriftPpm:F0} ppm |");
}

// handoff: the producer waits until each frame is taken (every frame crosses); otherwise it floods and latest wins.
static void FrameRingRun(FrameFormat format, int frames, bool handoff)
{
    using var ring = new FrameRing("camera", 4, format.FrameBytes);
    long producerBytes = 0, consumerBytes = 0, taken = 0;
    var producer = new Thread(() =>
    {
        Publish(ring, format, 200, handoff); // warm-up: JIT and first-use allocations stay out of the count
        var before = GC.GetAllocatedBytesForCurrentThread();
        Publish(ring, format, frames, handoff);
        producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        ring.Complete();
    });
    var consumer = new Thread(() =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        long checksum = 0;
        while (true)
        {
            if (ring.TryTake(out var frame))
            {
                if (++taken == 200)
                {
                    before = GC.GetAllocatedBytesForCurrentThread(); // past the warm-up, as on the producer side
                }
                checksum += frame.Data[0];
                ring.Release(frame);
            }
            else if (ring.Bound.IsClosed && !ring.HasPending)
            {
                break;
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
        consumerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(checksum.ToString(CultureInfo.InvariantCulture));
    });
    var clock = Stopwatch.StartNew();
    consumer.Start();
    producer.Start();
    producer.Join();
    consumer.Join();
    var seconds = clock.Elapsed.TotalSeconds;
    var total = frames + 200;
    Console.WriteLine($"| FrameRing (4 buffers), {(handoff ? "every frame taken" : "producer floods")} | {format} ({format.FrameBytes / 1024} KiB) | {total / seconds:F0} frames/s | {taken * (double)format.FrameBytes / seconds / 1e6:F0} (taken) | {taken} taken | {ring.Dropped} dropped (latest wins) | {(producerBytes + consumerBytes) / (double)frames:F3} |");
}

static void Publish(FrameRing ring, FrameFormat format, int count, bool handoff)
{
    for (var i = 0; i < count; i++)
    {
        while (handoff && ring.HasPending)
        {
            Thread.SpinWait(1);
        }
        Frame? frame;
        while ((frame = ring.TryAcquire()) is null)
        {
            Thread.SpinWait(10);
        }
        frame.Format = format;
        frame.Length = format.FrameBytes;
        frame.Buffer[..64].Fill((byte)i); // a producer writes the frame; the first line stands in for the pixels
        frame.Timestamp = new Timestamp(i * 66_666_667L);
        ring.Publish(frame);
    }
}

static void AudioRingRun(int blockSamples, int blocks)
{
    using var ring = new AudioRing("audio", 16000, 1 << 16);
    long producerBytes = 0, consumerBytes = 0, read = 0;
    var producer = new Thread(() =>
    {
        var block = new float[blockSamples];
        long t = 0;
        var periodNs = blockSamples * 62_500L;
        var before = 0L;
        for (var b = 0; b < blocks; b++)
        {
            if (b == 100)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }
            block[0] = b;
            // A benchmark producer waits for room; a microphone cannot, and counts an overrun instead.
            while (!ring.Write(block, new Timestamp(t), new Timestamp(t + periodNs)))
            {
                Thread.SpinWait(10);
            }
            t += periodNs;
        }
        producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        ring.Complete();
    });
    var consumer = new Thread(() =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        long cursor = 0;
        double sum = 0;
        var total = (long)blocks * blockSamples;
        while (cursor < total)
        {
            var available = (int)Math.Min(ring.Written - cursor, 4096);
            if (available <= 0 || !ring.TryRead(cursor, available, out var hop))
            {
                Thread.SpinWait(20);
                continue;
            }
            hop.GetSpans(out var a, out var b2);
            sum += a[0] + (b2.IsEmpty ? 0 : b2[0]);
            cursor += hop.Count;
            // Keep 100 ms of history for windows, as the cascade does.
            ring.Release(Math.Max(0, cursor - 1600));
        }
        read = cursor;
        GC.KeepAlive(sum);
        consumerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
    });
    var clock = Stopwatch.StartNew();
    consumer.Start();
    producer.Start();
    producer.Join();
    consumer.Join();
    var seconds = clock.Elapsed.TotalSeconds;
    var samples = (double)blocks * blockSamples;
    Console.WriteLine($"| AudioRing (65536 samples) | {blockSamples}-sample blocks | {samples / seconds / 1e6:F1} M samples/s ({blocks / seconds:F0} blocks/s) | {samples * 4 / seconds / 1e6:F0} | {read} samples read | {ring.Overruns} refused (retried) | {(producerBytes + consumerBytes) / (double)(blocks - 100):F3} per block |");
}
