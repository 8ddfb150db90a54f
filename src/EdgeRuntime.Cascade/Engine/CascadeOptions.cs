using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>The cascade's settings (<c>Cascade</c> section); see docs/cascade.md.</summary>
public sealed record CascadeOptions
{
    /// <summary>Tier 0 motion gate.</summary>
    public MotionGateOptions Motion { get; init; } = new();

    /// <summary>Tier 0 sound gate.</summary>
    public SoundGateOptions Sound { get; init; } = new();

    /// <summary>When tier 2 runs.</summary>
    public EscalationOptions Escalation { get; init; } = new();

    /// <summary>Luma-histogram change between consecutive frames that counts as a shot cut (<see cref="CutDetector"/>).</summary>
    public double CutThreshold { get; init; } = 0.08;

    /// <summary>How tier-2 detections become objects in view (entry and exit hysteresis).</summary>
    public TrackingOptions Tracking { get; init; } = new();

    /// <summary>What a description may say: confirmed detections only, and a speaker only with evidence.</summary>
    public EdgeRuntime.Cascade.Description.DescriptionOptions Description { get; init; } = new();

    /// <summary>The face detector runs on every frame with motion, and at least every this many frames.</summary>
    public int FaceEveryNFrames { get; init; } = 5;

    /// <summary>
    /// A face counts as a face from this score; faces the detector reports below it (from its own 0.5 threshold) are
    /// uncertain and escalate to tier 2, whose full detector decides whether a person is there.
    /// </summary>
    public double FaceConfirm { get; init; } = 0.75;

    /// <summary>
    /// Fewer faces count once the lower count lasted this long (more faces need two face runs in a row); a shot cut ends
    /// the hold at once, since the faces held belonged to the shot before it.
    /// </summary>
    public TimeSpan FaceHold { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long after its last reading tier 2 may skip reading text (sensor time); zero, the default, reads on every
    /// pass, where the reader's own cheap probe decides whether text is likely. Text is read regardless when the view is
    /// new (start, scene change, refresh, request) and while text seen is unsettled. On the evaluation set, 1 s brought
    /// the cascade's text events further from always-full's (69 % against 81 % agreement on three scenarios) and saved
    /// under 1 % of compute; a slower board may still want it.
    /// </summary>
    public TimeSpan TextRecheck { get; init; } = TimeSpan.Zero;

    /// <summary>Speech starts when the VAD probability reaches this.</summary>
    public double SpeechOn { get; init; } = 0.5;

    /// <summary>Speech ends when the probability stays below this for <see cref="SpeechHangover"/>.</summary>
    public double SpeechOff { get; init; } = 0.35;

    /// <summary>How long the probability must stay low before speech ends (bridges pauses between words).</summary>
    public TimeSpan SpeechHangover { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Run tier 2 on every frame (the always-full baseline <c>edge eval</c> compares against).</summary>
    public bool AlwaysFull { get; init; }

    /// <summary>
    /// Tier-2 passes that may fail in a row (each is logged, counted and the next one runs) before the cascade gives up:
    /// the fast path then stops with <see cref="CascadeFailedException"/>, and the daemon exits 1 so systemd restarts it.
    /// </summary>
    public int Tier2FailureLimit { get; init; } = 5;

    /// <summary>Reads the <c>Cascade</c> section and its sub-sections.</summary>
    public static CascadeOptions Read(ConfigSection section) => new()
    {
        Motion = MotionGateOptions.Read(section.Section("Motion")),
        Sound = SoundGateOptions.Read(section.Section("Sound")),
        Escalation = EscalationOptions.Read(section.Section("Escalation")),
        Tracking = TrackingOptions.Read(section.Section("Tracking")),
        Description = EdgeRuntime.Cascade.Description.DescriptionOptions.Read(section.Section("Description")),
        CutThreshold = section.GetDouble("CutThreshold", 0.08, 0.001, 1),
        FaceEveryNFrames = section.GetInt("FaceEveryNFrames", 5, 1, 1000),
        FaceConfirm = section.GetDouble("FaceConfirm", 0.75, 0, 1),
        FaceHold = section.GetDuration("FaceHold", TimeSpan.FromMilliseconds(500), TimeSpan.Zero, TimeSpan.FromSeconds(10)),
        TextRecheck = section.GetDuration("TextRecheck", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
        SpeechOn = section.GetDouble("SpeechOn", 0.5, 0.01, 1),
        SpeechOff = section.GetDouble("SpeechOff", 0.35, 0, 1),
        SpeechHangover = section.GetDuration("SpeechHangover", TimeSpan.FromMilliseconds(300), TimeSpan.Zero, TimeSpan.FromSeconds(5)),
        AlwaysFull = section.GetBool("AlwaysFull", false),
        Tier2FailureLimit = section.GetInt("Tier2FailureLimit", 5, 1, 1000),
    };
}
