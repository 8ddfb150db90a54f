using System.Threading.Channels;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Testing.Simulation;

/// <summary>What one frame's alignment came to, with the ground truth the simulation knows.</summary>
/// <param name="FrameTime">The frame's stamp.</param>
/// <param name="Status">The aligner's verdict.</param>
/// <param name="TrueErrorNs">True time of the window's first sample minus the requested start (0 when the window was not whole).</param>
/// <param name="Whole">True when the window covered the request without gaps.</param>
/// <param name="InWarmup">True for frames while the clock mapper was still locking.</param>
public readonly record struct FrameAlignment(Timestamp FrameTime, AlignmentStatus Status, long TrueErrorNs, bool Whole, bool InWarmup);

/// <summary>Everything a run observed.</summary>
public sealed class AlignmentSimulationResult
{
    /// <summary>Per frame.</summary>
    public List<FrameAlignment> Frames { get; } = [];

    /// <summary>Device sample indexes the device delivered, in order.</summary>
    public List<long> Delivered { get; } = [];

    /// <summary>Device sample indexes a sequential reader read back out of the ring, in order.</summary>
    public List<long> ReadBack { get; } = [];

    /// <summary>Stream events, in order.</summary>
    public List<StreamEvent> Events { get; } = [];

    /// <summary>Non-monotonic pairs among the raw observed block stamps (jitter larger than a block).</summary>
    public int ReorderedObservations { get; set; }

    /// <summary>The mapper's final drift estimate.</summary>
    public double EstimatedDriftPpm { get; set; }

    /// <summary>The aligner's own edge-error histogram.</summary>
    public NanosecondHistogram? EdgeError { get; set; }

    /// <summary>The p-th percentile (0–100) of |true error| over whole windows after warm-up, in ns.</summary>
    public long TrueErrorPercentile(double p)
    {
        var errors = Frames.Where(f => f.Whole && !f.InWarmup).Select(f => Math.Abs(f.TrueErrorNs)).Order().ToArray();
        if (errors.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(errors.Length * p / 100.0) - 1;
        return errors[Math.Clamp(rank, 0, errors.Length - 1)];
    }
}

/// <summary>
/// Runs a <see cref="AudioClockScenario"/> through the real <see cref="ClockMapper"/>, <see cref="AudioRing"/>,
/// <see cref="StreamMonitor"/> and <see cref="Aligner"/> on a <see cref="ManualTimeProvider"/>. Each sample's value is
/// its device index, so the truth of every delivered window can be read back from the samples themselves.
/// </summary>
public static class AlignmentSimulation
{
    /// <summary>Runs the scenario.</summary>
    public static AlignmentSimulationResult Run(AudioClockScenario s)
    {
        var result = new AlignmentSimulationResult();
        var random = new Random(s.Seed);
        var time = new ManualTimeProvider();
        var periodNs = 1e9 / s.SampleRate * (1 + s.DriftPpm * 1e-6);
        var offsetNs = (long)(s.OffsetSeconds * 1e9);
        long TrueTime(long deviceIndex) => offsetNs + (long)Math.Round(deviceIndex * periodNs);

        // The device index must stay exactly representable as a float sample value.
        var totalSamples = (long)(s.DurationSeconds * s.SampleRate);
        if (totalSamples >= 1 << 24)
        {
            throw new ArgumentOutOfRangeException(nameof(s), "at most 2^24 samples per run");
        }

        time.Advance(TimeSpan.FromTicks(offsetNs / 100));
        var mapper = new ClockMapper(new ClockMapperOptions { NanosecondsPerTick = 1e9 / s.SampleRate });
        using var ring = new AudioRing("audio", s.SampleRate, 1 << 17, time: time);
        using var monitor = new StreamMonitor(time, TimeSpan.FromMilliseconds(50));
        monitor.Watch(ring, s.MissingTimeout);
        monitor.Start();
        var aligner = new Aligner(ring, new AlignerOptions { Before = s.Before, After = s.After, LatencyBudget = s.LatencyBudget }, monitor, time);
        result.EdgeError = aligner.EdgeError;

        var block = new float[s.BlockSamples];
        var frameIntervalNs = 1e9 / s.FramesPerSecond;
        var nextFrame = 0;
        var pending = new Queue<Timestamp>();
        long readCursor = 0;
        long lastObserved = long.MinValue;
        var latencyNs = (long)(s.LatencyMs * 1e6);

        // Block deliveries in arrival order, interleaved with frame requests in time order.
        for (long first = 0; first < totalSamples; first += s.BlockSamples)
        {
            var count = (int)Math.Min(s.BlockSamples, totalSamples - first);
            var endTrue = TrueTime(first + count);
            var arrival = endTrue + latencyNs;

            // Frames stamped before this arrival ask for their audio when they are captured.
            while (offsetNs + (long)(nextFrame * frameIntervalNs) <= arrival)
            {
                var frameTime = new Timestamp(offsetNs + (long)(nextFrame * frameIntervalNs));
                AdvanceTo(time, frameTime.Nanoseconds);
                pending.Enqueue(frameTime);
                nextFrame++;
                Drain(result, s, aligner, ring, pending, TrueTime, ref readCursor);
            }
            AdvanceTo(time, arrival);

            if (s.IsLost((TrueTime(first) - offsetNs) / 1e9))
            {
                if (!(s.Dead is { } d && (TrueTime(first) - offsetNs) / 1e9 >= d.Start && (TrueTime(first) - offsetNs) / 1e9 < d.Start + d.Length))
                {
                    ring.ReportDeviceOverflow(count);
                }
                Drain(result, s, aligner, ring, pending, TrueTime, ref readCursor);
                continue;
            }

            // The driver's estimate of the block's first sample: arrival minus known latency and block length, plus jitter.
            var jitter = (long)((random.NextDouble() * 2 - 1) * s.JitterMs * 1e6);
            if (random.NextDouble() < s.OutlierRate)
            {
                jitter += (long)((50 + random.NextDouble() * 250) * 1e6);
            }
            var observed = arrival - latencyNs - (long)Math.Round(count * 1e9 / s.SampleRate) + jitter;
            if (observed < lastObserved)
            {
                result.ReorderedObservations++;
            }
            lastObserved = observed;
            mapper.Observe(first, new Timestamp(observed));

            for (var i = 0; i < count; i++)
            {
                block[i] = first + i;
                result.Delivered.Add(first + i);
            }
            ring.Write(block.AsSpan(0, count), mapper.Map(first), mapper.Map(first + count));
            Drain(result, s, aligner, ring, pending, TrueTime, ref readCursor);
        }

        // Let the remaining frames finish: the budget runs out for those the audio never reached.
        AdvanceTo(time, Timestamp.Now(time).Nanoseconds + s.LatencyBudget.Ticks * 100 + 1_000_000);
        Drain(result, s, aligner, ring, pending, TrueTime, ref readCursor);
        monitor.Check();
        while (monitor.Events.TryRead(out var e))
        {
            result.Events.Add(e);
        }
        result.EstimatedDriftPpm = mapper.DriftPpm;
        return result;

        void Drain(AlignmentSimulationResult r, AudioClockScenario sc, Aligner a, AudioRing audio, Queue<Timestamp> waiting, Func<long, long> truth, ref long cursor)
        {
            // The sequential reader (a VAD would be one) takes every new sample once.
            var written = audio.Written;
            if (written > cursor && audio.TryRead(cursor, (int)(written - cursor), out var hop))
            {
                for (var i = 0; i < hop.Count; i++)
                {
                    r.ReadBack.Add((long)hop[i]);
                }
                cursor = written;
            }
            while (waiting.Count > 0)
            {
                var frameTime = waiting.Peek();
                if (a.TryAlign(frameTime, out var res) == AlignmentStatus.Pending)
                {
                    break;
                }
                waiting.Dequeue();
                var trueError = res.IsWhole ? truth((long)res.Window[0]) - res.From.Nanoseconds : 0;
                r.Frames.Add(new FrameAlignment(frameTime, res.Status, trueError, res.IsWhole, (frameTime.Nanoseconds - offsetNs) / 1e9 < sc.WarmupSeconds));
            }
            // Keep what the oldest waiting frame (or the next one) may still ask for.
            var keepFrom = waiting.Count > 0 ? waiting.Peek() : Timestamp.Now(time);
            audio.ReleaseBefore(keepFrom - sc.Before - TimeSpan.FromMilliseconds(50));
            while (monitor.Events.TryRead(out var e))
            {
                r.Events.Add(e);
            }
        }
    }

    private static void AdvanceTo(ManualTimeProvider time, long nanoseconds)
    {
        var now = Timestamp.Now(time).Nanoseconds;
        if (nanoseconds > now)
        {
            time.Advance(TimeSpan.FromTicks((nanoseconds - now) / 100));
        }
    }
}
