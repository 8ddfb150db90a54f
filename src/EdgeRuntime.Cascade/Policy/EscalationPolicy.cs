using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>
/// Decides, per frame, whether the cheap tiers are enough or tier 2 (full detector, OCR, fusion, description) must run:
/// a user request and a stream change (as a scene change) always escalate; otherwise automatic escalations are at least <see cref="EscalationOptions.MinInterval"/>
/// apart (<see cref="EscalationOptions.SettleInterval"/> while an object is unsettled or after a shot cut) and happen at start-up, when a tier-1 confidence is inside the uncertainty band or tier 2 saw an object it
/// could not confirm yet, when a modality disagreement
/// begins (speech with no face in view), when the view or the number of faces changed since the last full
/// description, or when the periodic refresh is due.
/// </summary>
/// <remarks>Contract: one caller (the scheduler), increasing <c>now</c>; <see cref="Completed"/> after each tier-2 run. No allocation.</remarks>
public sealed class EscalationPolicy(EscalationOptions options, bool alwaysFull = false)
{
    private Timestamp _lastFull = Timestamp.MinValue;
    private int _facesAtLastFull = -1;
    private bool _disagreeing;

    /// <summary>The options in force.</summary>
    public EscalationOptions Options { get; } = options;

    /// <summary>True for the always-full baseline: every frame escalates.</summary>
    public bool AlwaysFull { get; } = alwaysFull;

    /// <summary>Decides for one frame at time <paramref name="now"/> (the frame's sensor timestamp: intervals are in sensor time).</summary>
    public EscalationDecision Decide(in PolicyInput input, Timestamp now)
    {
        if (AlwaysFull)
        {
            return new EscalationDecision(true, EscalationReason.AlwaysFull);
        }
        // Asked for outside the frame, so never held back by the rate limit.
        var immediate = (input.UserRequest ? EscalationReason.UserRequest : EscalationReason.None)
            | (input.StreamChanged ? EscalationReason.SceneChange : EscalationReason.None);
        var reason = EscalationReason.None;

        var disagreeing = input.SpeechActive && input.Faces == 0;
        var newDisagreement = disagreeing && !_disagreeing;
        if (input.Faces >= 0)
        {
            _disagreeing = disagreeing; // only judged on frames where faces were looked for
        }

        if (_lastFull == Timestamp.MinValue)
        {
            reason |= EscalationReason.Startup;
        }
        else
        {
            if (InBand(input.SpeechProbability) || input.FaceScoreInBand || input.ObjectsUnsure)
            {
                reason |= EscalationReason.Uncertain;
            }
            if (Options.Disagreement && newDisagreement)
            {
                reason |= EscalationReason.Disagreement;
            }
            if (input.SceneDistance >= Options.SceneChange || (input.Faces >= 0 && _facesAtLastFull >= 0 && input.Faces != _facesAtLastFull))
            {
                reason |= EscalationReason.SceneChange;
            }
            if (now - _lastFull >= Options.PeriodicRefresh)
            {
                reason |= EscalationReason.Periodic;
            }
            // A new view (a cut) is unsettled by nature: its first look should not wait a whole MinInterval after a look
            // at the view before it.
            var interval = (input.ObjectsUnsure || input.Cut) && Options.SettleInterval < Options.MinInterval ? Options.SettleInterval : Options.MinInterval;
            if (now - _lastFull < interval)
            {
                reason = EscalationReason.None; // rate limit: automatic reasons wait
            }
        }
        reason |= immediate;
        return new EscalationDecision(reason != EscalationReason.None, reason);
    }

    /// <summary>Records that tier 2 ran on the frame at <paramref name="now"/> and saw <paramref name="faces"/> faces.</summary>
    public void Completed(Timestamp now, int faces)
    {
        _lastFull = now;
        _facesAtLastFull = faces;
    }

    private bool InBand(float p) => p >= Options.UncertainLow && p <= Options.UncertainHigh;
}
