using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The cascade. The fast path (one caller thread: <see cref="ProcessAudio"/> per hop and <see cref="ProcessFrame"/>
/// per frame; each stream in its own time order, hops possibly ahead of frames) runs tier 0 always and tier 1 when its gate opens, then asks the
/// <see cref="EscalationPolicy"/> whether tier 2 must run. Tier 2 (full detector, OCR, speaker association,
/// description) runs on its own worker thread so a slow full pass never delays the fast path; an escalation while the
/// worker is busy replaces any waiting one (latest wins) and is counted.
/// </summary>
/// <remarks>
/// Design: this type only wires the parts and forwards to them; each part's own Design note says who owns what.
/// <see cref="FastPath"/> (the caller's thread) hands escalations to the <see cref="Tier2Handover"/> (one slot under a
/// monitor), which the <see cref="Tier2Worker"/> (its own thread) takes from. <see cref="StreamState"/> (written on
/// the feed's thread) and <see cref="PendingReasons"/> (any thread) carry what happened between frames;
/// <see cref="FramelessEscalation"/> escalates at once while the camera is missing, from any thread. Every decision is
/// in <see cref="Decisions"/>; only tier-2 decisions reach the observer, once settled (ran or superseded).
/// <see cref="CascadeMetrics"/> holds the latency recorders and compute counters, <see cref="Heartbeat"/> the fast
/// path's progress.
/// </remarks>
public sealed class CascadeEngine : IDisposable
{
    private readonly CascadeModels _models;
    private readonly TimeProvider _time;
    private readonly ICascadeObserver _observer;
    private readonly CascadeMetrics _metrics = new();
    private readonly StreamState _streams = new();
    private readonly PendingReasons _pending = new();
    private readonly Tier2Handover _handover;
    private readonly FramelessEscalation _frameless;
    private readonly FastPath _fast;
    private readonly Tier2Worker _worker;

    /// <summary>Starts the tier-2 worker; <paramref name="logger"/> hears of failed tier-2 passes.</summary>
    public CascadeEngine(CascadeOptions options, CascadeModels models, ICascadeObserver observer, TimeProvider time, ILogger? logger = null)
    {
        _models = models;
        _observer = observer;
        _time = time;
        _handover = new Tier2Handover(Decisions, observer);
        _frameless = new FramelessEscalation(_pending, Decisions, _handover, _streams, time);
        _fast = new FastPath(options, models, observer, time, _metrics, Decisions, _handover, _streams, _pending, _frameless, Heartbeat);
        _worker = new Tier2Worker(options, models, observer, time, _metrics, _handover, logger ?? NullLogger.Instance);
    }

    /// <summary>Every decision, and tier compute totals.</summary>
    public DecisionLog Decisions { get; } = new();

    /// <summary>The fast path's progress (frames and hops done), readable from any thread: a watchdog's heartbeat.</summary>
    public FastPathHeartbeat Heartbeat { get; } = new();

    /// <summary>Fast-path latency per frame and per hop that changed speech: sensor timestamp → its tier 0/1 work and events done.</summary>
    public LatencyRecorder FastLatency => _metrics.FastLatency;

    /// <summary>
    /// Event latency of the fast path, one sample per event reported (speech started or ended, faces in view changed):
    /// sensor timestamp of the hop or frame that produced it → the observer (the event sink) has it. The speech
    /// hangover and the face debounce are not in it: they are when an event is due, not how late it goes out.
    /// </summary>
    public LatencyRecorder FastEventLatency => _metrics.FastEventLatency;

    /// <summary>
    /// Event latency of tier 2, one sample per report that carried something (a view with objects, text or departures; a
    /// description): sensor timestamp of the frame → the observer (the event sink) has it.
    /// </summary>
    public LatencyRecorder FullEventLatency => _metrics.FullEventLatency;

    /// <summary>Full-description latency: sensor timestamp of the frame → description composed.</summary>
    public LatencyRecorder FullLatency => _metrics.FullLatency;

    /// <summary>
    /// A user's request (<see cref="RequestDescription"/>, <see cref="RequestTextReading"/>) → its answer handed to the
    /// observer, on the engine's clock; requests made while one waited are answered together, from the oldest.
    /// </summary>
    public LatencyRecorder RequestLatency => _metrics.RequestLatency;

    /// <summary>Tier 2's full detector compute per run.</summary>
    public LatencyRecorder DetectorCompute => _metrics.DetectorCompute;

    /// <summary>Tier 2's OCR (detection and recognition) compute per run that read text.</summary>
    public LatencyRecorder TextCompute => _metrics.TextCompute;

    /// <summary>Samples per audio hop the caller should pass (the VAD's hop; 512 without a VAD).</summary>
    public int HopSamples => _models.Vad?.HopSamples ?? 512;

    /// <summary>Escalations that replaced a waiting one because tier 2 was still busy.</summary>
    public long Superseded => _handover.Superseded;

    /// <summary>Tier-2 runs completed.</summary>
    public long FullRuns => _metrics.FullRuns;

    /// <summary>Tier-2 passes that threw (logged, settled as failed); the next pass ran as usual.</summary>
    public long Tier2Failures => _metrics.Tier2Failures;

    /// <summary>Compute spent by the fast path (tiers 0 and 1) and by tier 2.</summary>
    public (TimeSpan Fast, TimeSpan Full) Compute => (_metrics.FastCompute, _metrics.FullCompute);

    /// <summary>The fast path's compute split: tier 1 (VAD and face detector); tier 0 is the rest of <see cref="Compute"/>'s fast part.</summary>
    public TimeSpan Tier1Compute => _metrics.Tier1Compute;

    /// <summary>
    /// The input's stamps are file time (a replay at <c>Pacing=asfast</c>), not capture time: latencies then run from
    /// when each frame or hop reached the cascade. Set before the first frame (fast-path thread).
    /// </summary>
    public bool FileTimeStamps
    {
        get => _fast.FileTimeStamps;
        set => _fast.FileTimeStamps = value;
    }

    /// <summary>True when the last frame escalated to tier 2.</summary>
    public bool LastDecisionEscalated => _fast.LastDecisionEscalated;

    /// <summary>True when the last frame changed the confirmed face count (the observers got the new faces).</summary>
    public bool LastFrameChangedFaces => _fast.LastFrameChangedFaces;

    /// <summary>The last sound level (for the dBFS topic).</summary>
    public SoundLevel LastLevel => _fast.LastLevel;

    /// <summary>What the motion gate saw in the last frame (fast-path thread).</summary>
    public MotionResult LastMotion => _fast.LastMotion;

    /// <summary>The smoothed speech state after the last hop (fast-path thread).</summary>
    public bool SpeechActive => _fast.SpeechActive;

    /// <summary>True when the camera is marked missing.</summary>
    public bool CameraMissing => _streams.CameraMissing;

    /// <summary>True when the microphone is marked missing.</summary>
    public bool MicrophoneMissing => _streams.MicrophoneMissing;

    /// <summary>
    /// Asks for a full description (button, MQTT command, CLI): at the next frame, or at once without a frame while the
    /// camera is missing. Any thread.
    /// </summary>
    public void RequestDescription() => Request(EscalationReason.UserRequest);

    /// <summary>
    /// Asks to read the text in view (button long press, MQTT <c>read_text</c>, CLI <c>t</c>): the next frame is read
    /// whole at full resolution and the answer is the lines read in reading order, or why there are none; while the
    /// camera is missing, at once, saying so. Any thread.
    /// </summary>
    public void RequestTextReading() => Request(EscalationReason.UserRequest | EscalationReason.ReadText);

    private void Request(EscalationReason reason)
    {
        _pending.Ask(reason, Timestamp.Now(_time));
        if (CameraMissing)
        {
            // No frame will come to carry it. Read after the request is stored (Interlocked.Or is a full fence), and
            // SetStreamMissing marks the camera before it takes the pending reasons: one of the two takes this request.
            var now = Timestamp.Now(_time);
            _frameless.Escalate(EscalationReason.None, now, now, _fast.LastHop, _fast.Speech);
        }
    }

    /// <summary>
    /// Marks a stream missing or back (the feed's thread; a repeat of the current state does nothing); descriptions and
    /// events then say they are unimodal, and tier 2 describes the change: at once without a frame when the camera is
    /// missing, else on the next frame.
    /// </summary>
    public void SetStreamMissing(SensorStream stream, bool missing, Timestamp at)
    {
        if (!_streams.Set(stream, missing, at))
        {
            return;
        }
        if (missing)
        {
            _fast.StreamLost(stream, at);
        }
        _observer.StreamChanged(stream, missing, at);
        // With the camera working, the next frame takes the full pass: a frameless one would clear what the camera sees.
        _pending.Add(EscalationReason.SceneChange);
        if (CameraMissing)
        {
            _frameless.Escalate(EscalationReason.None, at, Timestamp.Min(at, Timestamp.Now(_time)), _fast.LastHop, _fast.Speech);
        }
    }

    /// <summary>
    /// Tier 0 and tier 1 on one audio hop (<see cref="HopSamples"/> samples, full scale ±1) starting at <paramref name="start"/>.
    /// Throws <see cref="CascadeFailedException"/> once tier 2 failed for good.
    /// </summary>
    public void ProcessAudio(ReadOnlySpan<float> hop, Timestamp start, Timestamp end) => _fast.ProcessAudio(hop, start, end);

    /// <summary>
    /// Tiers 0 and 1 on one frame, then the escalation decision; tier 2 is handed to the worker. Throws
    /// <see cref="CascadeFailedException"/> once tier 2 failed for good. <paramref name="audioUpTo"/> is the end of the
    /// frame's audio window: the decision sees the speech state after the last hop ending by then, although later hops
    /// may have been fed already (null: the state after the last hop fed).
    /// </summary>
    public void ProcessFrame(ImageView frame, Timestamp timestamp, Timestamp? audioUpTo = null) => _fast.ProcessFrame(frame, timestamp, audioUpTo);

    /// <summary>Frames whose audio time was older than every hop the speech history keeps (their decision used the oldest kept).</summary>
    public long SpeechHistoryMisses => _fast.SpeechHistoryMisses;

    /// <summary>Blocks until tier 2 has nothing waiting or running (end of input, tests).</summary>
    public bool WaitIdle(TimeSpan timeout) => _handover.WaitIdle(timeout);

    /// <summary>Stops the worker after the work in hand.</summary>
    /// <summary>Any thread, on a stop: ends the tier-2 pass in hand at its current model call (see <see cref="Tier2Worker.Interrupt"/>).</summary>
    public void InterruptTier2() => _worker.Interrupt();

    public void Dispose() => _worker.Dispose();
}
