using System.Diagnostics;
using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Tiers 0 and 1 and the escalation decision: per audio hop the sound level and, while the gate is open or speech is
/// active, the VAD and the speech tracker, with the state after each hop kept in a <see cref="SpeechHistory"/> (hops may
/// be fed ahead of frames; a frame reads the state of its own audio time); per frame luma, motion, scene signature and cut, the
/// face detector on motion, on a global change and every N frames, then the <see cref="EscalationPolicy"/>. An
/// escalation is recorded and handed to tier 2 through the <see cref="Tier2Handover"/>; while the camera is missing,
/// a speech change escalates at once without a frame.
/// </summary>
/// <remarks>
/// <para>Latencies run from when a sample existed: its sensor timestamp, or the time it reached the cascade when that is
/// earlier (a live sensor stamps a sample before it arrives). A replay at <c>Pacing=asfast</c> stamps file time from
/// the replay's start, ahead of the clock while the cascade keeps up and behind it when it does not
/// (<see cref="FileTimeStamps"/>): its latencies then run from when the sample reached the cascade, neither negative
/// nor the replay's lead or backlog.</para>
/// <para>Design: one caller thread (the feed's) owns every field prefixed <c>_fast</c>, the gates and the policy, and calls
/// <see cref="StreamLost"/> on that same thread. Two fields are read by other threads: <see cref="Speech"/>
/// (volatile reference to immutable evidence) and <see cref="LastHop"/> (one aligned 64-bit read, at worst one hop
/// old), both for frameless escalations. Everything else crosses threads through the hand-over's lock, the decision
/// log's lock, the metrics and the heartbeat. Steady state (no tier 2, no state change) allocates nothing: buffers
/// are sized on the first frame. Once tier 2 failed for good (the hand-over's fault), every call throws it.</para>
/// </remarks>
internal sealed class FastPath
{
    private readonly CascadeOptions _options;
    private readonly CascadeModels _models;
    private readonly ICascadeObserver _observer;
    private readonly TimeProvider _time;
    private readonly CascadeMetrics _metrics;
    private readonly DecisionLog _decisions;
    private readonly Tier2Handover _handover;
    private readonly StreamState _streams;
    private readonly PendingReasons _pending;
    private readonly FramelessEscalation _frameless;
    private readonly FastPathHeartbeat _heartbeat;

    private readonly SoundLevelGate _fastSound;
    private readonly SpeechTracker _fastSpeech;
    private readonly MotionGate _fastMotion;
    private readonly EscalationPolicy _fastPolicy;
    private readonly SceneSignature _fastSignature = new();
    private readonly SceneSignature _fastSignatureAtFull = new();
    private readonly CutDetector _fastCut;
    private readonly FaceCountDebouncer _fastFaceDebounce;
    private readonly Fusion.MouthActivity _fastMouth;
    private readonly Detection[] _fastFaces = new Detection[16];
    private readonly SpeechHistory _fastHistory = new();
    private long _fastCuts;
    private bool _fastCutPending;
    private byte[] _fastLuma = [];
    private int _fastFaceCount = -1;
    private long _fastFrames;
    private float _fastProbability;
    private Timestamp _fastLastHop = Timestamp.MinValue;
    private IReadOnlyList<Evidence> _fastFaceEvidence = [];
    private long _fastHopTier0; // Stopwatch ticks of the hops since the last frame's record
    private long _fastHopTier1;
    private volatile Evidence? _speech;

    public FastPath(CascadeOptions options, CascadeModels models, ICascadeObserver observer, TimeProvider time, CascadeMetrics metrics, DecisionLog decisions,
        Tier2Handover handover, StreamState streams, PendingReasons pending, FramelessEscalation frameless, FastPathHeartbeat heartbeat)
    {
        _options = options;
        _models = models;
        _observer = observer;
        _time = time;
        _metrics = metrics;
        _decisions = decisions;
        _handover = handover;
        _streams = streams;
        _pending = pending;
        _frameless = frameless;
        _heartbeat = heartbeat;
        _fastSound = new SoundLevelGate(options.Sound);
        _fastSpeech = new SpeechTracker(options.SpeechOn, options.SpeechOff, options.SpeechHangover);
        _fastMotion = new MotionGate(options.Motion);
        _fastCut = new CutDetector(options.CutThreshold);
        _fastFaceDebounce = new FaceCountDebouncer(options.FaceHold);
        _fastMouth = new Fusion.MouthActivity(options.Description.MouthCorrelation, options.Description.MouthMargin);
        _fastPolicy = new EscalationPolicy(options.Escalation, options.AlwaysFull);
    }

    /// <summary>The speech segment in progress (any thread).</summary>
    public Evidence? Speech => _speech;

    /// <summary>The end of the last audio hop processed (any thread; at worst one hop old).</summary>
    public Timestamp LastHop => _fastLastHop;

    public bool FileTimeStamps { get; set; }

    public bool LastDecisionEscalated { get; private set; }

    public bool LastFrameChangedFaces { get; private set; }

    public SoundLevel LastLevel { get; private set; }

    public MotionResult LastMotion { get; private set; }

    public bool SpeechActive => _fastSpeech.Active;

    /// <summary>A stream went missing (feed thread): the camera's motion history or the microphone's speech segment ends.</summary>
    public void StreamLost(SensorStream stream, Timestamp at)
    {
        if (stream == SensorStream.Camera)
        {
            _fastMotion.Reset();
        }
        else if (_fastSpeech.Active)
        {
            _fastSpeech.Reset();
            EndSpeech(at, at, Timestamp.Min(at, Timestamp.Now(_time)));
            _fastHistory.Record(at, 0, false, null);
        }
    }

    public void ProcessAudio(ReadOnlySpan<float> hop, Timestamp start, Timestamp end)
    {
        ThrowIfFailed();
        var t0 = Stopwatch.GetTimestamp();
        var since = Since(end); // latency reference: see the remarks
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
            _metrics.FastEventLatency.Add(Timestamp.Now(_time) - since);
        }
        else if (change < 0)
        {
            EndSpeech(_fastSpeech.LowSince, end, since);
        }
        _fastHistory.Record(end, _fastProbability, _fastSpeech.Active, _speech);
        var elapsed = Stopwatch.GetTimestamp() - t0;
        _fastHopTier0 += elapsed - vadTicks;
        _fastHopTier1 += vadTicks;
        _metrics.AddFast(elapsed, vadTicks);
        if (change != 0)
        {
            _metrics.FastLatency.Add(Timestamp.Now(_time) - since);
            if (_streams.CameraMissing)
            {
                _frameless.Escalate(EscalationReason.SceneChange, end, since, _fastLastHop, _speech);
            }
        }
        _heartbeat.Beat();
    }

    private void EndSpeech(Timestamp at, Timestamp hopEnd, Timestamp since)
    {
        var ended = _speech;
        _speech = null;
        if (ended is not null)
        {
            _observer.SpeechChanged(false, ended, at, hopEnd);
            _metrics.FastEventLatency.Add(Timestamp.Now(_time) - since);
        }
    }

    /// <summary>Frames whose audio time was older than every hop the speech history keeps.</summary>
    public long SpeechHistoryMisses => _fastHistory.Misses;

    // audioUpTo: the end of the frame's audio window; the frame sees the speech state after the last hop that ends by
    // then, however many later hops were fed before it (null: after the last hop fed).
    public void ProcessFrame(ImageView frame, Timestamp timestamp, Timestamp? audioUpTo = null)
    {
        ThrowIfFailed();
        var heard = audioUpTo is { } upTo ? _fastHistory.At(upTo) : _fastHistory.Latest;
        var t0 = Stopwatch.GetTimestamp();
        var since = Since(timestamp); // latency reference: see the remarks
        Luma.Convert(frame, ref _fastLuma);
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
            _fastMouth.Clear();
        }
        _fastFrames++;

        var tier = 0;
        LastFrameChangedFaces = false;
        var (faces, faceScoreInBand, faceTicks) = DetectFaces(frame, motion, timestamp, since, ref tier);
        if (faces >= 0)
        {
            _fastMouth.SetFaces(_fastFaces.AsSpan(0, faces));
        }
        _fastMouth.Frame(_fastLuma, frame.Width, frame.Height, heard.Probability);
        if (heard.Probability > 0)
        {
            tier = 1;
        }

        var pending = _pending.TakeAny();
        // The policy sees the debounced count, so a face flickering for one frame does not escalate.
        var input = new PolicyInput(timestamp, heard.End, faces < 0 ? -1 : _fastFaceCount, faceScoreInBand, _models.Vad is null ? -1 : heard.Probability,
            heard.Active, _fastCutPending ? 1f : _fastSignature.Distance(_fastSignatureAtFull), (pending & EscalationReason.UserRequest) != 0, _handover.ObjectsUnsure,
            (pending & EscalationReason.SceneChange) != 0, _fastCutPending);
        // The policy keeps sensor time, as the tracker does: its intervals then mean the same in a live run, a replay
        // at real time and one as fast as possible, and do not stretch when the machine is slow.
        var decision = _fastPolicy.Decide(input, timestamp);
        if ((pending & EscalationReason.UserRequest) != 0)
        {
            // What the user asked for rides on the decision whatever the policy named (always-full names only itself),
            // so the pass answers it as the user's.
            decision = decision with { Reason = decision.Reason | (pending & (EscalationReason.UserRequest | EscalationReason.ReadText)) };
        }
        var now = Timestamp.Now(_time);
        LastDecisionEscalated = decision.Escalate;
        if (decision.Escalate)
        {
            tier = 2;
            _fastPolicy.Completed(timestamp, Math.Max(0, _fastFaceCount));
            _fastSignatureAtFull.CopyFrom(_fastSignature);
            _handover.ObjectsUnsure = false;
            _fastCutPending = false;
        }
        // The record is taken before the hand-over so the slot carries its sequence; the frame copy is in the fast
        // path's compute and latency figures, not in the record's.
        var frameTicks = Stopwatch.GetTimestamp() - t0;
        var record = new DecisionRecord(tier, decision.Reason, timestamp, heard.End, now, CascadeMetrics.Ticks(frameTicks), Timestamp.Now(_time) - since)
        {
            Asked = (pending & EscalationReason.UserRequest) != 0 ? _pending.TakeAsked() : null,
            Tier0Compute = CascadeMetrics.Ticks(frameTicks - faceTicks + _fastHopTier0),
            Tier1Compute = CascadeMetrics.Ticks(faceTicks + _fastHopTier1),
        };
        _fastHopTier0 = _fastHopTier1 = 0;
        _metrics.AddTier1(faceTicks);
        var sequence = _decisions.Add(record);
        if (decision.Escalate)
        {
            var box = motion.Motion ? new Box(motion.Left, motion.Top, motion.Right - motion.Left, motion.Bottom - motion.Top) : (Box?)null;
            _handover.Offer(frame, new Tier2Snapshot(timestamp, since, record with { Sequence = sequence }, _fastSignature, _fastCuts, _fastFaceEvidence, heard.Speech, box,
                _streams.Camera, _streams.Microphone, heard.Speech is null ? null : _fastMouth.Speaker(timestamp)));
        }
        _metrics.AddFast(Stopwatch.GetElapsedTime(t0));
        _metrics.FastLatency.Add(Timestamp.Now(_time) - since);
        _heartbeat.Beat();
    }

    private Timestamp Since(Timestamp stamp)
    {
        var arrived = Timestamp.Now(_time);
        return FileTimeStamps ? arrived : Timestamp.Min(stamp, arrived);
    }

    private void ThrowIfFailed()
    {
        if (_handover.Fault is { } fault)
        {
            throw new CascadeFailedException(fault.Message, fault.InnerException);
        }
    }

    // Tier 1 on the frame when its gate opens: confirmed faces first in _fastFaces, the debounced count updated and
    // reported when it changed. Returns the confirmed count (-1 when the detector did not run), whether a face scored
    // inside the uncertainty band, and the detector's Stopwatch ticks.
    private (int Faces, bool InBand, long Ticks) DetectFaces(ImageView frame, MotionResult motion, Timestamp timestamp, Timestamp since, ref int tier)
    {
        var faceDetector = _models.Faces;
        if (faceDetector is null || !(motion.Motion || motion.GlobalChange || _fastFrames % _options.FaceEveryNFrames == 1 || _fastFaceCount < 0))
        {
            return (-1, false, 0);
        }
        tier = 1;
        var tf = Stopwatch.GetTimestamp();
        var found = faceDetector.Detect(frame, _fastFaces);
        var faceTicks = Stopwatch.GetTimestamp() - tf;
        var faces = 0;
        var inBand = false;
        for (var i = 0; i < found; i++)
        {
            if (_fastFaces[i].Score >= _options.FaceConfirm)
            {
                _fastFaces[faces++] = _fastFaces[i]; // confirmed faces first, in score order
            }
            else
            {
                inBand = true;
            }
        }
        if (_fastFaceDebounce.Update(faces, timestamp))
        {
            _fastFaceCount = _fastFaceDebounce.Count;
            LastFrameChangedFaces = true; // a change is news for the observers, with its own evidence list: not steady state
            var list = new Evidence[Math.Min(faces, _fastFaceCount)];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = new Evidence(faceDetector.Name, 1, "face", _fastFaces[i].Score, _fastFaces[i].Box, timestamp);
            }
            _fastFaceEvidence = list;
            _observer.FacesChanged(list, timestamp);
            _metrics.FastEventLatency.Add(Timestamp.Now(_time) - since);
        }
        return (faces, inBand, faceTicks);
    }
}
