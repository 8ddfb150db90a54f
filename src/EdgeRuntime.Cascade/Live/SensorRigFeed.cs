using System.Diagnostics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Live;

/// <summary>
/// Feeds the cascade from the live sensor rings (V4L2, pipe or replay camera; PortAudio or replay microphone) on the
/// calling thread, until both streams have ended or the token is cancelled: every audio hop as it arrives (up to
/// <see cref="AudioLead"/> past the camera), and each frame once every hop that ends by its audio window was fed.
/// Stream-missing and -recovered events from the rig's monitor switch the engine into and out of degraded mode.
/// </summary>
/// <remarks>
/// <para>Frames wait for their audio. A taken frame is held until the <see cref="Aligner"/> no longer reports it
/// pending: the audio bound passed the window's end, or the latency budget ran out (partial), or the audio stream is
/// missing or ended. Hops go ahead of frames as they arrive, so a speech event never waits for the next frame; the
/// frame is fed with the end of its audio window and reads the speech state of that time from the engine's speech
/// history, so its escalation decision and speaker association see exactly the hops that end by then, however many
/// later hops went first, and a replay decides the same frames the same way at any speed. Nothing is drained from
/// the camera ring meanwhile: it is latest wins by itself (a newer frame replaces the untaken one at its entrance),
/// so the frame fed next is the newest, as before.</para>
/// <para>Audio runs at most <see cref="AudioLead"/> ahead of the camera's bound (no later frame is stamped before
/// it), so a replay at <c>Pacing=asfast</c>, whose audio decodes far faster than its video, cannot outrun the speech
/// history a late frame reads. Audio never waits for a dead camera: once the camera ended, is paused, or the stream
/// monitor declares it missing (a stalled V4L2 camera never closes its ring), up to the audio bound, so degraded
/// (audio-only) mode keeps producing speech events and the audio ring keeps its room.</para>
/// <para>The audio ring keeps <see cref="AlignerOptions.Before"/> of audio behind the last hop fed; a frame stamped
/// earlier than that gets a truncated window in the aligner's statistics. The feed itself takes only the window's
/// status from the aligner, never its samples.</para>
/// <para>Design: single consumer. The thread that calls <see cref="Run"/> (or <see cref="Poll"/>) owns every field,
/// the <see cref="AudioHopFeed"/> and the <see cref="FeedTally"/>: it is the only reader of the rings and the only
/// caller of their Release methods (read the counters on that thread, or after <see cref="Run"/> returned). Pauses are
/// requested on any thread through <see cref="SensorPauses"/> and applied by this thread once per poll. Between polls
/// the feed blocks on one <see cref="WakeSignal"/> that both rings' bounds set after every frame or block they publish
/// (and on close), the stream monitor sets after publishing events, <see cref="SetPaused"/> and cancellation set, and
/// whose timeout is the held frame's latency budget on the injected clock: no polling, and nothing is allocated per
/// frame or hop.</para>
/// <para>With a rig whose replay sources are held (<see cref="SensorRig.ReplayOrigin"/>), <see cref="Run"/> waits
/// until every source is primed, then starts the recording and the stream monitor: its origin is the recording's time
/// 0, and neither model loading nor ffmpeg's start-up counts as a stream gone missing.</para>
/// </remarks>
public sealed class SensorRigFeed : IDisposable
{
    /// <summary>The sample rate the cascade's audio models take.</summary>
    public const int SampleRate = 16000;

    /// <summary>
    /// How far audio may be fed past the camera's bound: more than a 15 fps camera's frame interval plus its delivery
    /// (so on a live rig no hop waits for a frame), and well inside the 4 s of <see cref="SpeechHistory"/>.
    /// </summary>
    public static readonly TimeSpan AudioLead = TimeSpan.FromMilliseconds(500);
    private static readonly long s_audioLeadNs = AudioLead.Ticks * 100;

    private readonly FrameRing? _frames;
    private readonly AudioRing? _audio;
    private readonly StreamMonitor _monitor;
    private readonly Aligner? _aligner;
    private readonly TimeProvider _time;
    private readonly long _budgetNs; // a held frame's wait for its audio: Aligner After + LatencyBudget past its time
    private readonly WakeSignal _wake;
    private readonly ReplayOrigin? _replayOrigin;
    private readonly bool _fileTimeStamps;

    private readonly SensorPauses _pauses = new(); // requested on any thread, applied by the feed thread

    // Feed thread only.
    private readonly AudioHopFeed? _audioFeed;
    private readonly FeedTally _tally = new();
    private bool _started;
    private Timestamp _origin;
    private Frame? _held;
    private Func<long>? _emittedCount;

    /// <summary>Checks the rig's formats against what the cascade takes; errors name the setting to change.</summary>
    public SensorRigFeed(SensorRig rig, FrameFormat cameraFormat, TimeProvider time)
        : this(rig.Frames, rig.Audio, rig.Monitor, rig.Aligner, cameraFormat, time, rig.FileTimeStamps)
    {
        _replayOrigin = rig.ReplayOrigin;
    }

    /// <summary>
    /// Feeds from rings built elsewhere (a test, a host with its own sensors). <paramref name="monitor"/> must watch the
    /// camera ring (audio waits for the camera's bound until the monitor declares it missing);
    /// <paramref name="aligner"/> is over <paramref name="audio"/> and required when there are both rings.
    /// <paramref name="fileTimeStamps"/>: the rings are filled by a replay at <c>Pacing=asfast</c> (see
    /// <see cref="SensorRig.FileTimeStamps"/>), so the cascade measures latencies from when samples reach it.
    /// </summary>
    public SensorRigFeed(FrameRing? frames, AudioRing? audio, StreamMonitor monitor, Aligner? aligner, FrameFormat cameraFormat, TimeProvider time,
        bool fileTimeStamps = false)
    {
        _fileTimeStamps = fileTimeStamps;
        if (frames is null && audio is null)
        {
            throw new ArgumentException("the cascade needs a camera or a microphone: Camera:Source and Audio:Source are both 'none'");
        }
        if (frames is not null && cameraFormat.PixelFormat != PixelFormat.Rgb24)
        {
            throw new ArgumentException($"Camera:PixelFormat = '{cameraFormat.PixelFormat}': the cascade takes rgb24 frames");
        }
        if (audio is not null && audio.SampleRate != SampleRate)
        {
            throw new ArgumentException($"Audio:SampleRate = '{audio.SampleRate}': the cascade takes {SampleRate} Hz audio");
        }
        if (frames is not null && audio is not null && aligner is null)
        {
            throw new ArgumentNullException(nameof(aligner), "a camera and a microphone need an aligner over the audio ring");
        }
        _frames = frames;
        _audio = audio;
        _monitor = monitor;
        _aligner = frames is null || audio is null ? null : aligner;
        _time = time;
        _audioFeed = audio is null ? null : new AudioHopFeed(audio, _aligner is null ? 0 : _aligner.Options.Before.Ticks * 100);
        _budgetNs = _aligner is null ? 0 : (_aligner.Options.After + _aligner.Options.LatencyBudget).Ticks * 100;
        CameraFormat = cameraFormat;
        _wake = new WakeSignal(time);
        frames?.Bound.WakeOnAdvance(_wake);
        audio?.Bound.WakeOnAdvance(_wake);
        monitor.WakeOnEvent(_wake);
    }

    /// <summary>The camera frames' size and layout.</summary>
    public FrameFormat CameraFormat { get; }

    /// <summary>The sensor names that <see cref="SetPaused"/> accepts: those this rig actually has.</summary>
    public IReadOnlyList<string> Sensors => (_frames, _audio) switch
    {
        (not null, not null) => ["camera", "microphone"],
        (not null, null) => ["camera"],
        _ => ["microphone"],
    };

    /// <summary>Frames fed to the cascade.</summary>
    public long FramesFed => _tally.FramesFed;

    /// <summary>Frames the camera ring dropped because the cascade had not taken them in time (any thread).</summary>
    public long FramesDropped => _frames?.Dropped ?? 0;

    /// <summary>Audio hops taken from the ring (fed, or drained while the microphone was paused).</summary>
    public long HopsFed => _audioFeed?.HopsTaken ?? 0;

    /// <summary>Frames fed once their audio window was complete.</summary>
    public long AlignedComplete => _tally.AlignedComplete;

    /// <summary>Frames fed when the latency budget ran out before their audio window was complete.</summary>
    public long AlignedPartial => _tally.AlignedPartial;

    /// <summary>Frames fed without waiting because the microphone was missing, paused or had ended before their window.</summary>
    public long AlignedMissing => _tally.AlignedMissing;

    /// <summary>
    /// Times <see cref="Run"/> woke from waiting: on a ring's, the monitor's or a pause's signal, or at a held frame's
    /// latency budget, or once a second when idle so the heartbeat keeps beating (any thread).
    /// </summary>
    public long Wakes => _wake.WakeUps + _wake.Timeouts;

    /// <summary>True while <see cref="Run"/> is blocked waiting for a signal (any thread).</summary>
    public bool IsWaiting => _wake.IsWaiting;

    /// <summary>
    /// Pauses or resumes feeding one sensor to the cascade (an MQTT <c>&lt;prefix&gt;/camera/set OFF</c>). A paused
    /// sensor's samples are still drained from its ring, so nothing backs up, and the cascade reports it missing
    /// (degraded mode) until it is resumed. Returns false for a sensor this rig does not have.
    /// </summary>
    public bool SetPaused(string sensor, bool paused)
    {
        switch (sensor)
        {
            case "camera" when _frames is not null:
                _pauses.Request(SensorStream.Camera, paused);
                _wake.Set();
                return true;
            case "microphone" when _audio is not null:
                _pauses.Request(SensorStream.Microphone, paused);
                _wake.Set();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Runs until both streams end or <paramref name="cancellationToken"/> is cancelled. One run per feed.</summary>
    public ReplayResult Run(CascadeEngine engine, Func<long> emittedCount, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        _emittedCount = emittedCount;
        try
        {
            _replayOrigin?.Ready.Wait(cancellationToken); // every replay source primed (ffmpeg decoded a first frame)
        }
        catch (OperationCanceledException)
        {
        }
        Start(engine);
        using var cancelled = cancellationToken.UnsafeRegister(static s => ((WakeSignal)s!).Set(), _wake);
        var ended = false;
        while (!ended && !cancellationToken.IsCancellationRequested)
        {
            engine.Heartbeat.Beat();
            switch (Poll(engine))
            {
                case FeedProgress.Ended:
                    ended = true;
                    break;
                case FeedProgress.Waiting:
                    _wake.Wait(WaitLimit());
                    break;
            }
        }
        if (_held is not null)
        {
            _frames!.Release(_held);
            _held = null;
        }
        // The input's length is the sensor time it covered, not the run's wall time: a replay at Pacing=asfast covers
        // far more than it takes, a live sensor as much.
        return new ReplayResult(_origin, FramesFed, _frames?.Dropped ?? 0, HopsFed, _tally.InputSeconds, wall.Elapsed.TotalSeconds,
            _tally.SteadyFrames, _tally.SteadyBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart,
            AlignedComplete, AlignedPartial, AlignedMissing)
        {
            SteadyAllocatingFrames = _tally.SteadyAllocatingFrames,
            SpeechHistoryMisses = engine.SpeechHistoryMisses,
            LargestSteadyAllocation = (_tally.LargestSteadyAllocation.Bytes,
                _tally.LargestSteadyAllocation.Bytes == 0 ? 0 : (_tally.LargestSteadyAllocation.At - _origin).TotalSeconds),
        };
    }

    /// <summary>
    /// Does all the feeding possible now without waiting: takes a frame to hold if none is held, feeds the audio that
    /// may go ahead, and feeds the held frame once its audio window is no longer pending. <see cref="Run"/> calls this
    /// in a loop; a host with its own loop (or a test with a manual clock) may call it directly, on one thread.
    /// </summary>
    public FeedProgress Poll(CascadeEngine engine)
    {
        Start(engine);
        ForwardStreamEvents(engine);
        ApplyPauses(engine);

        var progressed = false;
        var cameraEnded = _frames is null;
        var audioLimit = Timestamp.MaxValue;
        if (_frames is { } frames && _held is null)
        {
            // The bound is read before taking: a frame published after this read is stamped at or after it, so audio
            // up to it can go ahead of any frame not taken here.
            var cameraBound = frames.Bound.Value;
            if (frames.TryTake(out var taken))
            {
                progressed = true;
                if (_pauses.Camera)
                {
                    frames.Release(taken); // drained, so the camera never backs up
                }
                else
                {
                    _held = taken;
                }
            }
            else if (cameraBound == Timestamp.MaxValue)
            {
                cameraEnded = true;
            }
            else if (!_pauses.Camera && !_monitor.IsMissing(frames.Bound))
            {
                audioLimit = cameraBound.AddNanoseconds(s_audioLeadNs);
            }
        }

        var frameReady = false;
        var windowEnd = Timestamp.MinValue;
        if (_held is { } held)
        {
            frameReady = Align(held.Timestamp, out windowEnd);
            audioLimit = Timestamp.Max(windowEnd, held.Timestamp.AddNanoseconds(s_audioLeadNs));
        }
        progressed |= _audioFeed?.Feed(engine, audioLimit, _pauses.Microphone, _tally) ?? false;
        if (frameReady)
        {
            FeedFrame(engine, _held!, windowEnd);
            _held = null;
            progressed = true;
        }
        if (progressed)
        {
            return FeedProgress.Progressed;
        }
        return cameraEnded && AudioEnded() ? FeedProgress.Ended : FeedProgress.Waiting;
    }

    private void Start(CascadeEngine engine)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        _origin = _replayOrigin?.Start(Timestamp.Now(_time)) ?? Timestamp.Now(_time);
        _monitor.Start(); // a held rig's monitor starts now (silence while the models loaded was nobody's); else nothing
        engine.FileTimeStamps = _fileTimeStamps;
        _audioFeed?.Start(engine.HopSamples);
        if (_frames is null)
        {
            engine.SetStreamMissing(SensorStream.Camera, true, _origin);
        }
        if (_audio is null)
        {
            engine.SetStreamMissing(SensorStream.Microphone, true, _origin);
        }
    }

    // How long Run may block: until a signal, or, while a frame waits for its audio, until its latency budget is spent
    // (the aligner then hands it out partial), rounded up so the wait never ends just short of it.
    // The longest wait with nothing to do: the loop still beats the engine's heartbeat this often, so the systemd
    // watchdog tells an idle feed (sensors paused or gone) from a wedged one. One wake-up a second is not polling.
    private static readonly TimeSpan IdleBeat = TimeSpan.FromSeconds(1);

    private TimeSpan WaitLimit()
    {
        if (_held is not { } held || _aligner is null || _pauses.Microphone)
        {
            return IdleBeat;
        }
        var remaining = held.Timestamp.AddNanoseconds(_budgetNs).NanosecondsSince(Timestamp.Now(_time));
        return TimeSpan.FromTicks(Math.Min(IdleBeat.Ticks, Math.Max(0, (remaining + 99) / 100)));
    }

    private void ApplyPauses(CascadeEngine engine)
    {
        if (_pauses.Apply(engine, Timestamp.Now(_time)) && _held is not null)
        {
            _frames!.Release(_held); // a paused camera's frame is dropped, not fed when it resumes
            _held = null;
        }
    }

    // True when the frame may be fed now; windowEnd is how far its audio goes (the frame's time plus Aligner After).
    private bool Align(Timestamp frameTime, out Timestamp windowEnd)
    {
        windowEnd = frameTime;
        if (_aligner is null)
        {
            return true; // no microphone: nothing to wait for
        }
        if (_pauses.Microphone)
        {
            _tally.Aligned(AlignmentStatus.AudioMissing);
            return true;
        }
        var status = _aligner.TryAlign(frameTime, out var result);
        if (status == AlignmentStatus.Pending)
        {
            return false;
        }
        _tally.Aligned(status);
        windowEnd = result.To;
        return true;
    }

    private void FeedFrame(CascadeEngine engine, Frame frame, Timestamp audioUpTo)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var emittedBefore = _emittedCount?.Invoke() ?? 0;
        var stamp = frame.Timestamp;
        engine.ProcessFrame(ImageView.Rgb(frame.Data, CameraFormat.Width, CameraFormat.Height), stamp, audioUpTo);
        _frames!.Release(frame); // the producer may refill it from here on
        var steady = _emittedCount is not null && _emittedCount() == emittedBefore && !engine.LastDecisionEscalated && !engine.LastFrameChangedFaces;
        _tally.Fed(stamp, steady ? GC.GetAllocatedBytesForCurrentThread() - allocated : null);
    }

    private bool AudioEnded() => _audioFeed?.Ended ?? true;

    /// <summary>Detaches nothing (the rings outlive the feed only to be disposed); frees the wait's timer.</summary>
    public void Dispose() => _wake.Dispose();

    private void ForwardStreamEvents(CascadeEngine engine)
    {
        while (_monitor.Events.TryRead(out var e))
        {
            switch (e.Kind)
            {
                case StreamEventKind.Missing:
                    engine.SetStreamMissing(e.Stream, true, e.At);
                    break;
                case StreamEventKind.Recovered:
                    engine.SetStreamMissing(e.Stream, false, e.At);
                    break;
            }
        }
    }
}
