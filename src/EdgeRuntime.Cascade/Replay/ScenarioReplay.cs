using System.Diagnostics;
using System.Globalization;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Audio;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>
/// Feeds a recorded scenario (a video and a WAV) into a <see cref="CascadeEngine"/> on the calling thread, in sensor-time
/// order: every audio hop that ends before a frame's timestamp, then the frame. Sensor timestamps are the replay's
/// start on the monotonic clock plus the recording time, so latencies are measured exactly as for live sensors. With
/// real-time pacing the loop waits for each hop's and frame's time; a frame more than one period late is skipped
/// (latest wins) and counted. The frame buffer is reused, so the loop allocates nothing per frame itself.
/// </summary>
public sealed class ScenarioReplay(ReplayOptions options, TimeProvider time)
{
    private const int SampleRate = 16000;
    private long _dropped;

    /// <summary>Frames skipped so far because they were more than a period late (readable from any thread while it runs).</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Runs to the end of the recording (or <see cref="ReplayOptions.Limit"/>), or until cancelled.</summary>
    /// <param name="engine">The cascade.</param>
    /// <param name="emittedCount">How many things the observers have emitted so far (frames that emitted are not steady state).</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public ReplayResult Run(CascadeEngine engine, Func<long> emittedCount, CancellationToken cancellationToken)
    {
        var audio = ReadWav(options.Audio);
        var hop = engine.HopSamples;
        var frameBytes = options.Width * options.Height * 3;
        var frame = new byte[frameBytes];
        using var ffmpeg = StartDecoder();
        var stdout = ffmpeg.StandardOutput.BaseStream;
        var stderr = ffmpeg.StandardError.ReadToEndAsync(cancellationToken);

        var origin = Timestamp.Now(time);
        var wall = Stopwatch.StartNew();
        var seconds = options.Limit ?? double.MaxValue;
        long frames = 0, hops = 0, steadyFrames = 0, steadyBytes = 0;
        _ = cancellationToken.WaitHandle; // created on first use: now, not inside the first paced frame (56 bytes in steady state)
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        var nextHop = 0;
        bool cameraLost = false, microphoneLost = false, videoEnded = false;
        try
        {
            for (var index = 0L; !cancellationToken.IsCancellationRequested; index++)
            {
                engine.Heartbeat.Beat();
                var frameTime = index / (double)options.Fps;
                if (frameTime >= seconds)
                {
                    break;
                }
                var haveFrame = !cameraLost && !videoEnded && stdout.ReadAtLeast(frame, frameBytes, throwOnEndOfStream: false) == frameBytes;
                videoEnded |= !haveFrame;
                if (videoEnded && (microphoneLost || (nextHop + 1) * hop > audio.Length))
                {
                    break; // neither stream has anything left
                }
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var emittedBefore = emittedCount();
                var decisionsBefore = engine.Decisions.Count;

                // Audio up to this frame's time.
                while ((nextHop + 1) * hop <= audio.Length && (nextHop + 1) * (double)hop / SampleRate <= frameTime && !microphoneLost)
                {
                    var start = nextHop * (double)hop / SampleRate;
                    if (options.MicrophoneLostAt is { } lost && start >= lost)
                    {
                        microphoneLost = true;
                        engine.SetStreamMissing("microphone", true, At(origin, lost));
                        break;
                    }
                    var end = (nextHop + 1) * (double)hop / SampleRate;
                    Pace(origin, end, cancellationToken);
                    engine.ProcessAudio(audio.AsSpan(nextHop * hop, hop), At(origin, start), At(origin, end));
                    nextHop++;
                    hops++;
                }
                if (options.CameraLostAt is { } gone && frameTime >= gone && !cameraLost)
                {
                    cameraLost = true;
                    engine.SetStreamMissing("camera", true, At(origin, gone));
                }
                if (!cameraLost && haveFrame)
                {
                    Pace(origin, frameTime, cancellationToken);
                    if (options.RealTime && (Timestamp.Now(time) - At(origin, frameTime)).TotalSeconds > 1.0 / options.Fps)
                    {
                        Interlocked.Increment(ref _dropped); // more than a frame late: skip it, the next one is due already
                    }
                    else
                    {
                        engine.ProcessFrame(ImageView.Rgb(frame, options.Width, options.Height), At(origin, frameTime));
                        frames++;
                    }
                }
                else if (cameraLost)
                {
                    Pace(origin, frameTime, cancellationToken);
                }
                var spent = GC.GetAllocatedBytesForCurrentThread() - allocated;
                if (emittedCount() == emittedBefore && engine.Decisions.Count == decisionsBefore + 1 && !engine.LastDecisionEscalated)
                {
                    steadyFrames++;
                    steadyBytes += spent;
                }
            }
        }
        finally
        {
            if (!ffmpeg.HasExited)
            {
                ffmpeg.Kill();
            }
            ffmpeg.WaitForExit();
        }
        return new ReplayResult(origin, frames, Dropped, hops, Math.Min(seconds, Math.Max(frames / (double)options.Fps, hops * (double)hop / SampleRate)),
            wall.Elapsed.TotalSeconds, steadyFrames, steadyBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
    }

    private static Timestamp At(Timestamp origin, double seconds) => origin + TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));

    // Waits on the token's handle rather than sleeping, so a stop request ends the wait at once.
    private void Pace(Timestamp origin, double seconds, CancellationToken cancellationToken)
    {
        if (!options.RealTime)
        {
            return;
        }
        var wait = At(origin, seconds) - Timestamp.Now(time);
        if (wait > TimeSpan.Zero)
        {
            cancellationToken.WaitHandle.WaitOne(wait);
        }
    }

    private Process StartDecoder()
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-nostdin", "-i", options.Video,
                     "-vf", $"scale={options.Width}:{options.Height}", "-r", options.Fps.ToString(CultureInfo.InvariantCulture),
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
                 })
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start ffmpeg");
    }

    /// <summary>Reads a whole 16 kHz WAV as mono floats (the sensors' WAV reader; other rates are refused).</summary>
    public static float[] ReadWav(string path)
    {
        using var reader = new WavReader(path);
        if (reader.SampleRate != SampleRate)
        {
            throw new InvalidDataException($"{path}: {reader.SampleRate} Hz; the cascade takes {SampleRate} Hz");
        }
        var samples = new float[reader.TotalFrames];
        var read = 0;
        while (read < samples.Length)
        {
            var n = reader.Read(samples.AsSpan(read, Math.Min(reader.MaxFramesPerRead, samples.Length - read)));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return read == samples.Length ? samples : samples[..read];
    }
}
