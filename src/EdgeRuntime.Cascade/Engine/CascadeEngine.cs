using System.Diagnostics;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The cascade. The fast path (one caller thread: <see cref="ProcessAudio"/> per hop and <see cref="ProcessFrame"/>
/// per frame, in sensor-time order) runs tier 0 always (sound level, motion, scene signature) and tier 1 when its
/// gate opens (VAD while the sound gate is open or speech is active; faces on motion, on a global change and every
/// N frames), then asks the <see cref="EscalationPolicy"/> whether tier 2 must run. Tier 2 (full detector, OCR,
/// speaker association, description) runs on its own worker thread so a slow full pass never delays the fast path;
/// an escalation while the worker is busy replaces any waiting one (latest wins) and is counted.
/// </summary>
/// <remarks>
/// Design: fields prefixed <c>_fast</c> belong to the fast-path thread. The tier-2 hand-over is one slot guarded by
/// <c>_slotGate</c>: the fast path copies the frame into the slot's own buffer and the worker swaps slots under the
/// lock, so neither ever reads a buffer the other writes. <c>_objectsUnsure</c> (volatile) is the one flag flowing back:
/// the worker sets it after a view that left an unconfirmed label, the fast path clears it when it escalates. <see cref="_worker"/> waits on <c>_slotGate</c>'s monitor.
/// <c>_pendingReasons</c> carries reasons asked for between frames: any thread sets bits with Interlocked.Or (a user
/// request; a stream change, on the feed's thread), the next frame takes them with Interlocked.Exchange, or, while the
/// camera is missing, a frameless escalation takes them at once; whoever takes them escalates for them. Frameless
/// escalations may so come from any thread (a user request): they take the same slot under <c>_slotGate</c> and read
/// only volatile fields and <c>_fastLastHop</c> (one aligned 64-bit read, at worst one hop old). Each escalation's <see cref="DecisionRecord"/> travels in its slot: the worker settles it
/// (full latency) and reports it to the observer; an escalation replaced while it waited is settled as superseded by
/// the thread that replaced it, outside the lock. <see cref="Decisions"/> and the latency recorders lock internally.
/// Steady state (no tier 2, no state change) allocates nothing: buffers are sized on the first frame, and only tier-2
/// decisions reach the observer.
/// </remarks>
public sealed class CascadeEngine : IDisposable
{
    private readonly CascadeOptions _options;
    private readonly CascadeModels _models;
    private readonly TimeProvider _time;
    private readonly ICascadeObserver _observer;
    private readonly SceneComposer _composer = new();

    // fast path
    private readonly SoundLevelGate _fastSound;
    private readonly SpeechTracker _fastSpeech;
    private readonly MotionGate _fastMotion;
    private readonly EscalationPolicy _fastPolicy;
    private readonly SceneSignature _fastSignature = new();
    private readonly SceneSignature _fastSignatureAtFull = new();
    private readonly CutDetector _fastCut;
    private long _fastCuts;
    private bool _fastCutPending;
    private readonly Detection[] _fastFaces = new Detection[16];
    private byte[] _fastLuma = [];
    private int _fastFaceCount = -1;
    private readonly FaceCountDebouncer _fastFaceDebounce;
    private long _fastFrames;
    private float _fastProbability;
    private Timestamp _fastLastHop = Timestamp.MinValue;
    private IReadOnlyList<Evidence> _fastFaceEvidence = [];
    private volatile Evidence? _speech;
    private int _pendingReasons; // EscalationReason bits asked for between frames (user, stream change); Interlocked only
    private volatile bool _objectsUnsure; // set by the worker after a view, cleared by the fast path when it escalates
    private volatile Evidence? _cameraMissing;
    private volatile Evidence? _microphoneMissing;

    // tier-2 hand-over
    private readonly object _slotGate = new(); // a monitor (Wait/Pulse), not a Lock
    private Tier2Request _slotPending = new();
    private Tier2Request _slotWorking = new();
    private bool _slotHasPending;
    private bool _slotStopping;
    private long _superseded;
    private readonly Thread _worker;

    // worker
    private readonly ObjectTracker _workerTracker;
    private readonly ObjectTracker _workerTextTracker;
    private SceneState? _workerSaidState; // the state of the last description given: what the listener knows
    private string? _workerSaidGist;
    private readonly TextReading _workerTextReading;
    private IReadOnlyList<Evidence> _workerText = [];

    public CascadeEngine(CascadeOptions options, CascadeModels models, ICascadeObserver observer, TimeProvider time)
    {
        _options = options;
        _models = models;
        _observer = observer;
        _time = time;
        _fastSound = new SoundLevelGate(options.Sound);
        _fastSpeech = new SpeechTracker(options.SpeechOn, options.SpeechOff, options.SpeechHangover);
        _fastMotion = new MotionGate(options.Motion);
        _fastCut = new CutDetector(options.CutThreshold);
        _fastFaceDebounce = new FaceCountDebouncer(options.FaceHold);
        _fastPolicy = new EscalationPolicy(options.Escalation, options.AlwaysFull);
        _workerTracker = new ObjectTracker(options.Tracking);
        _workerTextTracker = new ObjectTracker(options.Tracking with { Confirm = options.Tracking.TextConfirm });
        _workerTextReading = new TextReading(options.TextRecheck);
        _worker = new Thread(WorkerLoop) { IsBackground = true, Name = "cascade-tier2" };
        _worker.Start();
    }

    /// <summary>Every decision, and tier compute totals.</summary>
    public DecisionLog Decisions { get; } = new();

    /// <summary>Fast-path latency per frame and per hop that changed speech: sensor timestamp → its tier 0/1 work and events done.</summary>
    public LatencyRecorder FastLatency { get; } = new();

    /// <summary>
    /// Event latency of the fast path, one sample per event reported (speech started or ended, faces in view changed):
    /// sensor timestamp of the hop or frame that produced it → the observer (the event sink) has it. The speech
    /// hangover and the face debounce are not in it: they are when an event is due, not how late it goes out.
    /// </summary>
    public LatencyRecorder FastEventLatency { get; } = new();

    /// <summary>
    /// Event latency of tier 2, one sample per report that carried something (a view with objects, text or departures; a
    /// description): sensor timestamp of the frame → the observer (the event sink) has it.
    /// </summary>
    public LatencyRecorder FullEventLatency { get; } = new();

    /// <summary>Full-description latency: sensor timestamp of the frame → description composed.</summary>
    public LatencyRecorder FullLatency { get; } = new();

    /// <summary>Tier 2's full detector compute per run.</summary>
    public LatencyRecorder DetectorCompute { get; } = new();

    /// <summary>Tier 2's OCR (detection and recognition) compute per run that read text.</summary>
    public LatencyRecorder TextCompute { get; } = new();

    /// <summary>Samples per audio hop the caller should pass (the VAD's hop; 512 without a VAD).</summary>
    public int HopSamples => _models.Vad?.HopSamples ?? 512;

    /// <summary>Escalations that replaced a waiting one because tier 2 was still busy.</summary>
    public long Superseded => Interlocked.Read(ref _superseded);

    /// <summary>Every tier-2 run: the frame it ran on and its compute (for compute-over-time plots).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(Timestamp Frame, TimeSpan Compute)> Tier2Runs { get; } = new();

    /// <summary>Tier-2 runs completed.</summary>
    public long FullRuns => Interlocked.Read(ref _fullRuns);

    /// <summary>Beaten by the feed on every pass, fed or idle: the systemd watchdog's sign that the fast path is not wedged.</summary>
    public EdgeRuntime.Core.Hosting.Heartbeat Heartbeat { get; } = new();

    private long _fullRuns;
    private long _tier2Ticks;
    private long _fastTicks;
    private long _tier1Ticks;
    private long _fastHopTier0; // Stopwatch ticks of the hops since the last frame's record, fast-path thread only
    private long _fastHopTier1;

    /// <summary>Compute spent by the fast path (tiers 0 and 1) and by tier 2.</summary>
    public (TimeSpan Fast, TimeSpan Full) Compute => (TimeSpan.FromTicks(Interlocked.Read(ref _fastTicks)), TimeSpan.FromTicks(Interlocked.Read(ref _tier2Ticks)));

    /// <summary>The fast path's compute split: tier 1 (VAD and face detector); tier 0 is the rest of <see cref="Compute"/>'s fast part.</summary>
    public TimeSpan Tier1Compute => TimeSpan.FromTicks(Interlocked.Read(ref _tier1Ticks));

    /// <summary>
    /// Asks for a full description (button, MQTT command, CLI): at the next frame, or at once without a frame while the
    /// camera is missing. Any thread.
    /// </summary>
    public void RequestDescription()
    {
        Interlocked.Or(ref _pendingReasons, (int)EscalationReason.UserRequest);
        if (CameraMissing)
        {
            // No frame will come to carry it. Read after the request is stored (Interlocked.Or is a full fence), and
            // SetStreamMissing marks the camera before it takes the pending reasons: one of the two takes this request.
            EscalateFrameless(EscalationReason.None, Timestamp.Now(_time));
        }
    }

    /// <summary>True when the last frame escalated to tier 2.</summary>
    public bool LastDecisionEscalated { get; private set; }

    /// <summary>The last sound level (for the dBFS topic).</summary>
    public SoundLevel LastLevel { get; private set; }

    /// <summary>What the motion gate saw in the last frame (fast-path thread).</summary>
    public MotionResult LastMotion { get; private set; }

    /// <summary>The smoothed speech state after the last hop (fast-path thread).</summary>
    public bool SpeechActive => _fastSpeech.Active;

    /// <summary>
    /// Marks a stream missing or back (the feed's thread; a repeat of the current state does nothing); descriptions and
    /// events then say they are unimodal, and tier 2 describes the change: at once without a frame when the camera is
    /// missing, else on the next frame.
    /// </summary>
    public void SetStreamMissing(string stream, bool missing, Timestamp at)
    {
        if ((stream == "camera" ? CameraMissing : MicrophoneMissing) == missing)
        {
            return;
        }
        var evidence = missing ? new Evidence(stream, 0, "missing", 1, null, at) : null;
        if (stream == "camera")
        {
            _cameraMissing = evidence;
            if (missing)
            {
                _fastMotion.Reset();
            }
        }
        else
        {
            _microphoneMissing = evidence;
            if (missing && _fastSpeech.Active)
            {
                _fastSpeech.Reset();
                EndSpeech(at, at);
            }
        }
        _observer.StreamChanged(stream, missing, at);
        // With the camera working, the next frame takes the full pass: a frameless one would clear what the camera sees.
        Interlocked.Or(ref _pendingReasons, (int)EscalationReason.SceneChange);
        if (CameraMissing)
        {
            EscalateFrameless(EscalationReason.None, at);
        }
    }

    /// <summary>True when the camera is marked missing.</summary>
    public bool CameraMissing => _cameraMissing is not null;

    /// <summary>True when the microphone is marked missing.</summary>
    public bool MicrophoneMissing => _microphoneMissing is not null;

    /// <summary>Tier 0 and tier 1 on one audio hop (<see cref="HopSamples"/> samples, full scale ±1) starting at <paramref name="start"/>.</summary>
    public void ProcessAudio(ReadOnlySpan<float> hop, Timestamp start, Timestamp end)
    {
        var t0 = Stopwatch.GetTimestamp();
        var level = _fastSound.Process(hop, start);
        LastLevel = level;
        var vad = _models.Vad;
        var vadTicks = 0L;
        if (vad is not null && (level.Open || _fastSpeech.Active))
        {
            var tv = Stopwatch.GetTimestamp();
            _fastProbability = vad.Process(hop);
            vadTicks = Stopwatch.GetTimestamp() - tv;
        }
        else
        {
            if (vad is not null && _fastProbability > 0)
            {
                vad.Reset(); // the gate closed: start fresh at the next sound
            }
            _fastProbability = 0;
        }
        _fastLastHop = end;
        var change = _fastSpeech.Update(_fastProbability, start);
        if (change > 0)
        {
            var speech = new Evidence(vad?.Name ?? "sound-gate", 1, "speech", _fastProbability, null, start);
            _speech = speech;
            _observer.SpeechChanged(true, speech, start, end);
            FastEventLatency.Add(Timestamp.Now(_time) - end);
        }
        else if (change < 0)
        {
            EndSpeech(_fastSpeech.LowSince, end);
        }
        var elapsed = Stopwatch.GetTimestamp() - t0;
        _fastHopTier0 += elapsed - vadTicks;
        _fastHopTier1 += vadTicks;
        Interlocked.Add(ref _fastTicks, Ticks(elapsed).Ticks);
        Interlocked.Add(ref _tier1Ticks, Ticks(vadTicks).Ticks);
        if (change != 0)
        {
            FastLatency.Add(Timestamp.Now(_time) - end);
            if (CameraMissing)
            {
                EscalateFrameless(EscalationReason.SceneChange, end);
            }
        }
    }

    private void EndSpeech(Timestamp at, Timestamp hopEnd)
    {
        var ended = _speech;
        _speech = null;
        if (ended is not null)
        {
            _observer.SpeechChanged(false, ended, at, hopEnd);
            FastEventLatency.Add(Timestamp.Now(_time) - hopEnd);
        }
    }

    /// <summary>Tiers 0 and 1 on one frame, then the escalation decision; tier 2 is handed to the worker.</summary>
    public void ProcessFrame(ImageView frame, Timestamp timestamp)
    {
        var t0 = Stopwatch.GetTimestamp();
        Luma(frame);
        var motion = _fastMotion.Process(_fastLuma, frame.Width, frame.Height, frame.Width, timestamp);
        LastMotion = motion;
        _fastSignature.Compute(_fastLuma, frame.Width, frame.Height, frame.Width);
        if (_fastCut.Process(_fastLuma, frame.Width, frame.Height, frame.Width))
        {
            _fastCuts++;
            _fastCutPending = true; // stays until tier 2 has looked: a cut inside the rate limit must not be forgotten
            // The faces held through a short absence belong to the shot before the cut: this frame's count stands as it
            // is, or a face from the last shot would be handed to tier 2 as a person in this one.
            _fastFaceDebounce.Reset();
            _fastFaceCount = -1;
        }
        _fastFrames++;

        var tier = 0;
        var faceScoreInBand = false;
        var faces = -1;
        var faceDetector = _models.Faces;
        var faceTicks = 0L;
        if (faceDetector is not null && (motion.Motion || motion.GlobalChange || _fastFrames % _options.FaceEveryNFrames == 1 || _fastFaceCount < 0))
        {
            tier = 1;
            var tf = Stopwatch.GetTimestamp();
            var found = faceDetector.Detect(frame, _fastFaces);
            faceTicks = Stopwatch.GetTimestamp() - tf;
            faces = 0;
            for (var i = 0; i < found; i++)
            {
                if (_fastFaces[i].Score >= _options.FaceConfirm)
                {
                    _fastFaces[faces++] = _fastFaces[i]; // confirmed faces first, in score order
                }
                else
                {
                    faceScoreInBand = true;
                }
            }
            if (_fastFaceDebounce.Update(faces, timestamp))
            {
                _fastFaceCount = _fastFaceDebounce.Count;
                var list = new Evidence[Math.Min(faces, _fastFaceCount)];
                for (var i = 0; i < list.Length; i++)
                {
                    list[i] = new Evidence(faceDetector.Name, 1, "face", _fastFaces[i].Score, _fastFaces[i].Box, timestamp);
                }
                _fastFaceEvidence = list;
                _observer.FacesChanged(list, timestamp);
                FastEventLatency.Add(Timestamp.Now(_time) - timestamp);
            }
        }
        if (_fastProbability > 0)
        {
            tier = 1;
        }

        var pending = Volatile.Read(ref _pendingReasons) == 0 ? EscalationReason.None : (EscalationReason)Interlocked.Exchange(ref _pendingReasons, 0);
        // The policy sees the debounced count, so a face flickering for one frame does not escalate.
        var input = new PolicyInput(timestamp, _fastLastHop, faces < 0 ? -1 : _fastFaceCount, faceScoreInBand, _models.Vad is null ? -1 : _fastProbability,
            _fastSpeech.Active, _fastCutPending ? 1f : _fastSignature.Distance(_fastSignatureAtFull), (pending & EscalationReason.UserRequest) != 0, _objectsUnsure,
            (pending & EscalationReason.SceneChange) != 0, _fastCutPending);
        // The policy keeps sensor time, as the tracker does: its intervals then mean the same in a live run, a replay
        // at real time and one as fast as possible, and do not stretch when the machine is slow.
        var decision = _fastPolicy.Decide(input, timestamp);
        var now = Timestamp.Now(_time);
        LastDecisionEscalated = decision.Escalate;
        if (decision.Escalate)
        {
            tier = 2;
            _fastPolicy.Completed(timestamp, Math.Max(0, _fastFaceCount));
            _fastSignatureAtFull.CopyFrom(_fastSignature);
            _objectsUnsure = false;
            _fastCutPending = false;
        }
        // The record is taken before the hand-over so the slot carries its sequence; the frame copy is in the fast
        // path's compute and latency figures, not in the record's.
        var frameTicks = Stopwatch.GetTimestamp() - t0;
        var record = new DecisionRecord(tier, decision.Reason, timestamp, _fastLastHop, now, Ticks(frameTicks), Timestamp.Now(_time) - timestamp)
        {
            Tier0Compute = Ticks(frameTicks - faceTicks + _fastHopTier0),
            Tier1Compute = Ticks(faceTicks + _fastHopTier1),
        };
        _fastHopTier0 = _fastHopTier1 = 0;
        Interlocked.Add(ref _tier1Ticks, Ticks(faceTicks).Ticks);
        var sequence = Decisions.Add(record);
        if (decision.Escalate)
        {
            Escalate(frame, timestamp, record with { Sequence = sequence }, motion);
        }
        Interlocked.Add(ref _fastTicks, Stopwatch.GetElapsedTime(t0).Ticks);
        FastLatency.Add(Timestamp.Now(_time) - timestamp);
    }

    private static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromSeconds(stopwatchTicks / (double)Stopwatch.Frequency);

    /// <summary>Luma from RGB/BGR (BT.601 integer weights) into the reused buffer; Gray8 is copied as is.</summary>
    private void Luma(ImageView frame)
    {
        var n = frame.Width * frame.Height;
        if (_fastLuma.Length != n)
        {
            _fastLuma = new byte[n];
        }
        if (frame.Format == PixelFormat.Gray8)
        {
            for (var y = 0; y < frame.Height; y++)
            {
                frame.Pixels.Slice(y * frame.Stride, frame.Width).CopyTo(_fastLuma.AsSpan(y * frame.Width));
            }
            return;
        }
        var (r, b) = frame.Format == PixelFormat.Bgr24 ? (2, 0) : (0, 2);
        for (var y = 0; y < frame.Height; y++)
        {
            var row = frame.Pixels.Slice(y * frame.Stride, frame.Width * 3);
            var dst = _fastLuma.AsSpan(y * frame.Width, frame.Width);
            for (var x = 0; x < dst.Length; x++)
            {
                dst[x] = (byte)((77 * row[3 * x + r] + 150 * row[3 * x + 1] + 29 * row[3 * x + b]) >> 8);
            }
        }
    }

    /// <summary>
    /// Tier 2 without a frame, at once (the camera is missing, so no frame will come to carry the escalation), for
    /// <paramref name="reason"/> and whatever was pending; records the decision and hands it over. Any thread.
    /// </summary>
    private void EscalateFrameless(EscalationReason reason, Timestamp at)
    {
        reason |= (EscalationReason)Interlocked.Exchange(ref _pendingReasons, 0);
        if (reason == EscalationReason.None)
        {
            return; // the other thread took the pending reasons
        }
        var decided = Timestamp.Now(_time);
        var record = new DecisionRecord(2, reason, at, _fastLastHop, decided, TimeSpan.Zero, decided - at) { Frameless = true };
        Escalate(default, at, record with { Sequence = Decisions.Add(record) });
    }

    private void Escalate(ImageView frame, Timestamp timestamp, DecisionRecord decision, MotionResult motion = default)
    {
        DecisionRecord? superseded = null;
        lock (_slotGate)
        {
            var slot = _slotPending;
            if (_slotHasPending)
            {
                _superseded++;
                superseded = slot.Decision with { Superseded = true };
                // A newer frame replaces a waiting one, but not the user's request riding on it: the replacement
                // answers it (its description is the user's, spoken at once), or the press would go unanswered.
                decision = decision with { Reason = decision.Reason | (slot.Decision.Reason & EscalationReason.UserRequest) };
            }
            slot.Set(frame, decision.Frameless);
            if (!decision.Frameless)
            {
                slot.Signature.CopyFrom(_fastSignature); // frameless escalations may come from another thread
                slot.Cuts = _fastCuts;
            }
            slot.Timestamp = timestamp;
            slot.Decision = decision;
            slot.Faces = decision.Frameless ? [] : _fastFaceEvidence; // the faces of a camera that is gone are stale
            slot.Speech = _speech;
            slot.Motion = motion.Motion ? new Box(motion.Left, motion.Top, motion.Right - motion.Left, motion.Bottom - motion.Top) : null;
            slot.CameraMissing = _cameraMissing;
            slot.MicrophoneMissing = _microphoneMissing;
            _slotHasPending = true;
            Monitor.Pulse(_slotGate);
        }
        if (superseded is { } replaced)
        {
            Settle(replaced);
        }
    }

    /// <summary>A tier-2 decision is settled (ran or superseded): the ring gets its final form and the observer hears of it.</summary>
    private void Settle(in DecisionRecord record)
    {
        Decisions.Complete(record);
        _observer.Decided(record);
    }

    private void WorkerLoop()
    {
        while (true)
        {
            Tier2Request request;
            lock (_slotGate)
            {
                while (!_slotHasPending && !_slotStopping)
                {
                    Monitor.Wait(_slotGate);
                }
                if (!_slotHasPending)
                {
                    return;
                }
                (_slotPending, _slotWorking) = (_slotWorking, _slotPending);
                _slotHasPending = false;
                _idle = false; // in the same critical section, so WaitIdle never sees neither pending nor running
                request = _slotWorking;
                Monitor.PulseAll(_slotGate);
            }
            RunTier2(request);
            lock (_slotGate)
            {
                _idle = !_slotHasPending;
                Monitor.PulseAll(_slotGate);
            }
        }
    }

    private bool _idle = true;

    /// <summary>Blocks until tier 2 has nothing waiting or running (end of input, tests).</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_slotGate)
        {
            while (_slotHasPending || !_idle)
            {
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || !Monitor.Wait(_slotGate, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency)))
                {
                    return !_slotHasPending && _idle;
                }
            }
            return true;
        }
    }

    private void RunTier2(Tier2Request request)
    {
        var t0 = Stopwatch.GetTimestamp();
        var objects = new List<Evidence>();
        if (!request.Frameless && _models.Objects is { } detector)
        {
            var found = new Detection[64];
            var td = Stopwatch.GetTimestamp();
            var n = detector.Detect(request.View, found);
            DetectorCompute.Add(Stopwatch.GetElapsedTime(td));
            for (var i = 0; i < n; i++)
            {
                objects.Add(new Evidence(detector.Name, 2, detector.Labels[found[i].Label], found[i].Score, found[i].Box, request.Timestamp));
            }
        }
        // Text is read on every pass unless TextRecheck allows skipping it: reading only when the view was new left text
        // read at a cut held unchecked until the next scene change, and missed a sign that became legible while the
        // camera zoomed in. The reader's own probe decides whether text is likely at all. Text presence goes through its
        // own tracker, so one frame's misread is not an exit.
        var readText = !request.Frameless && _workerTextReading.Decide(request.Timestamp, request.Decision.Reason, _workerTextTracker.Unsettled);
        Departure[] textDeparted = [];
        if (request.Frameless)
        {
            _workerTextTracker.Clear();
            _workerText = [];
        }
        else if (readText && _models.Text is { } reader)
        {
            var tt = Stopwatch.GetTimestamp();
            var read = reader.Read(request.View);
            TextCompute.Add(Stopwatch.GetElapsedTime(tt));
            var lines = read.Select(l => new Evidence(reader.Name, 2, "text", l.Score, l.Box, request.Timestamp, l.Text)).ToList();
            _workerText = _workerTextTracker.Update(lines, request.Timestamp, request.Signature, request.Cuts);
            textDeparted = [.. _workerTextTracker.Departed];
        }
        var people = Fusion.SpeakerAssociation.People(objects, request.Faces);
        List<Evidence> all;
        Departure[] departed = [];
        if (request.Frameless)
        {
            _workerTracker.Clear();
            all = [];
        }
        else
        {
            all = _workerTracker.Update(objects.Where(o => o.Label != "person").Concat(people).ToList(), request.Timestamp, request.Signature, request.Cuts);
            departed = [.. _workerTracker.Departed, .. textDeparted];
            _objectsUnsure = (_workerTracker.Unsettled || _workerTextTracker.Unsettled) && !_options.AlwaysFull;
            people = all.Where(o => o.Label == "person").ToList();
        }
        var speaker = Fusion.SpeakerAssociation.Associate(request.Speech, people, request.Motion);
        var state = new SceneState(request.Timestamp, all, request.Speech, speaker, _workerText, request.CameraMissing, request.MicrophoneMissing);
        // Said when what is there changed since the last description given (its gist: no change markers, which would make
        // every next pass differ, no positions and counts only in bands, which flicker from look to look), or when the
        // user asked; changes are reckoned against what was last said.
        var gist = _composer.Gist(state);
        var due = gist != _workerSaidGist || (request.Decision.Reason & EscalationReason.UserRequest) != 0;
        var description = due ? _composer.Compose(state, _workerSaidState) : null;
        var fullLatency = Timestamp.Now(_time) - request.Timestamp;
        FullLatency.Add(fullLatency);
        var compute = Stopwatch.GetElapsedTime(t0);
        Interlocked.Add(ref _tier2Ticks, compute.Ticks);
        Interlocked.Increment(ref _fullRuns);
        Tier2Runs.Enqueue((request.Timestamp, compute));
        if (!request.Frameless)
        {
            _observer.ViewChanged(all, _workerText, departed, request.Timestamp);
            if (all.Count > 0 || _workerText.Count > 0 || departed.Length > 0)
            {
                FullEventLatency.Add(Timestamp.Now(_time) - request.Timestamp);
            }
        }
        var degraded = request.CameraMissing is not null || request.MicrophoneMissing is not null;
        if (description is { IsEmpty: false })
        {
            _observer.Described(description, request.Decision.Reason, degraded, request.Timestamp);
            FullEventLatency.Add(Timestamp.Now(_time) - request.Timestamp);
            _workerSaidGist = gist;
            _workerSaidState = state;
        }
        Settle(request.Decision with { FullLatency = fullLatency });
    }

    /// <summary>Stops the worker after the work in hand.</summary>
    public void Dispose()
    {
        lock (_slotGate)
        {
            _slotStopping = true;
            Monitor.PulseAll(_slotGate);
        }
        _worker.Join();
    }

    /// <summary>A frame and the fast path's state handed to tier 2; its pixel buffer is reused.</summary>
    private sealed class Tier2Request
    {
        private byte[] _pixels = [];
        private int _width, _height, _stride;
        private PixelFormat _format;

        public Timestamp Timestamp;
        public DecisionRecord Decision;
        public IReadOnlyList<Evidence> Faces = [];
        public Evidence? Speech;
        public Box? Motion;
        public Evidence? CameraMissing;
        public Evidence? MicrophoneMissing;
        public readonly SceneSignature Signature = new();
        public long Cuts;

        public bool Frameless { get; private set; }

        public ImageView View => new(_pixels, _width, _height, _stride, _format);

        public void Set(ImageView frame, bool frameless)
        {
            Frameless = frameless;
            if (frameless)
            {
                return;
            }
            var size = frame.Stride * frame.Height;
            if (_pixels.Length < size)
            {
                _pixels = new byte[size];
            }
            frame.Pixels[..size].CopyTo(_pixels);
            (_width, _height, _stride, _format) = (frame.Width, frame.Height, frame.Stride, frame.Format);
        }
    }
}
