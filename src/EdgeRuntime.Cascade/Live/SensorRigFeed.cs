using System.Diagnostics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors;

namespace EdgeRuntime.Cascade.Live;

/// <summary>
/// Feeds the cascade from the live sensor rings (V4L2, pipe or replay camera; PortAudio or replay microphone): every
/// audio hop that ends before a frame's timestamp, then the frame, in time order, on the calling thread, until both
/// streams have ended or the token is cancelled. Stream-missing and -recovered events from the rig's monitor switch
/// the engine into and out of degraded mode.
/// </summary>
/// <remarks>
/// Design: single consumer. This loop is the only reader of <see cref="SensorRig.Frames"/> and
/// <see cref="SensorRig.Audio"/> and the only caller of their Release methods; the rings' producers are the sensor
/// components. Waiting is a bounded poll on the token's wait handle, so nothing is allocated per frame or hop.
/// </remarks>
public sealed class SensorRigFeed
{
    /// <summary>The sample rate the cascade's audio models take.</summary>
    public const int SampleRate = 16000;

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(1);
    private readonly SensorRig _rig;
    private readonly TimeProvider _time;

    // Written by the command reader (any thread), read by the feed loop: plain volatile flags, nothing else is shared.
    private volatile bool _cameraPaused;
    private volatile bool _microphonePaused;

    /// <summary>Checks the rig's formats against what the cascade takes; errors name the setting to change.</summary>
    public SensorRigFeed(SensorRig rig, FrameFormat cameraFormat, TimeProvider time)
    {
        if (rig.Frames is null && rig.Audio is null)
        {
            throw new ArgumentException("the cascade needs a camera or a microphone: Camera:Source and Audio:Source are both 'none'");
        }
        if (rig.Frames is not null && cameraFormat.PixelFormat != PixelFormat.Rgb24)
        {
            throw new ArgumentException($"Camera:PixelFormat = '{cameraFormat.PixelFormat}': the cascade takes rgb24 frames");
        }
        if (rig.Audio is not null && rig.Audio.SampleRate != SampleRate)
        {
            throw new ArgumentException($"Audio:SampleRate = '{rig.Audio.SampleRate}': the cascade takes {SampleRate} Hz audio");
        }
        _rig = rig;
        _time = time;
        CameraFormat = cameraFormat;
    }

    /// <summary>The camera frames' size and layout.</summary>
    public FrameFormat CameraFormat { get; }

    /// <summary>The sensor names that <see cref="SetPaused"/> accepts: those this rig actually has.</summary>
    public IReadOnlyList<string> Sensors => (_rig.Frames, _rig.Audio) switch
    {
        (not null, not null) => ["camera", "microphone"],
        (not null, null) => ["camera"],
        _ => ["microphone"],
    };

    /// <summary>
    /// Pauses or resumes feeding one sensor to the cascade (an MQTT <c>&lt;prefix&gt;/camera/set OFF</c>). A paused
    /// sensor's samples are still drained from its ring, so nothing backs up, and the cascade reports it missing
    /// (degraded mode) until it is resumed. Returns false for a sensor this rig does not have.
    /// </summary>
    public bool SetPaused(string sensor, bool paused)
    {
        switch (sensor)
        {
            case "camera" when _rig.Frames is not null:
                _cameraPaused = paused;
                return true;
            case "microphone" when _rig.Audio is not null:
                _microphonePaused = paused;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Runs until both streams end or <paramref name="cancellationToken"/> is cancelled.</summary>
    public ReplayResult Run(CascadeEngine engine, Func<long> emittedCount, CancellationToken cancellationToken)
    {
        var frames = _rig.Frames;
        var audio = _rig.Audio;
        var hop = engine.HopSamples;
        var hopBuffer = new float[hop];
        var origin = Timestamp.Now(_time);
        var wall = Stopwatch.StartNew();
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        long frameCount = 0, hopCount = 0, steadyFrames = 0, steadyBytes = 0;
        var cursor = audio?.Released ?? 0;
        if (frames is null)
        {
            engine.SetStreamMissing("camera", true, origin);
        }
        if (audio is null)
        {
            engine.SetStreamMissing("microphone", true, origin);
        }

        bool cameraPausedSeen = false, microphonePausedSeen = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            ForwardStreamEvents(engine);
            if (_cameraPaused != cameraPausedSeen)
            {
                cameraPausedSeen = !cameraPausedSeen;
                engine.SetStreamMissing("camera", cameraPausedSeen, Timestamp.Now(_time));
            }
            if (_microphonePaused != microphonePausedSeen)
            {
                microphonePausedSeen = !microphonePausedSeen;
                engine.SetStreamMissing("microphone", microphonePausedSeen, Timestamp.Now(_time));
            }
            Frame? frame = null;
            var cameraDone = frames is null || (!frames.TryTake(out frame) && frames.Bound.IsClosed);
            var audioDone = audio is null || (audio.Bound.IsClosed && audio.Written - cursor < hop);

            // Audio first, up to the frame's time; with no camera (or after it ended), whatever has arrived.
            var limit = frame?.Timestamp ?? (cameraDone ? Timestamp.MaxValue : Timestamp.MinValue);
            while (audio is not null && audio.TryRead(cursor, hop, out var window) && window.End <= limit)
            {
                if (!microphonePausedSeen)
                {
                    window.CopyTo(hopBuffer);
                    engine.ProcessAudio(hopBuffer, window.Start, window.End);
                }
                cursor += hop;
                audio.Release(cursor);
                hopCount++;
            }

            if (frame is not null && cameraPausedSeen)
            {
                frames!.Release(frame);
                continue;
            }
            if (frame is not null)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var emittedBefore = emittedCount();
                engine.ProcessFrame(ImageView.Rgb(frame.Data, CameraFormat.Width, CameraFormat.Height), frame.Timestamp);
                frames!.Release(frame);
                frameCount++;
                if (emittedCount() == emittedBefore && !engine.LastDecisionEscalated)
                {
                    steadyFrames++;
                    steadyBytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
                }
                continue;
            }
            if (cameraDone && audioDone)
            {
                break;
            }
            cancellationToken.WaitHandle.WaitOne(s_poll);
        }
        var seconds = (Timestamp.Now(_time) - origin).TotalSeconds;
        return new ReplayResult(origin, frameCount, frames?.Dropped ?? 0, hopCount, seconds, wall.Elapsed.TotalSeconds,
            steadyFrames, steadyBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
    }

    private void ForwardStreamEvents(CascadeEngine engine)
    {
        while (_rig.Monitor.Events.TryRead(out var e))
        {
            var stream = e.Stream == _rig.Audio?.Bound.Name ? "microphone" : "camera";
            switch (e.Kind)
            {
                case StreamEventKind.Missing:
                    engine.SetStreamMissing(stream, true, e.At);
                    break;
                case StreamEventKind.Recovered:
                    engine.SetStreamMissing(stream, false, e.At);
                    break;
            }
        }
    }
}
