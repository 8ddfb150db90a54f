using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Policy;

/// <summary>What the policy looks at for one frame, after tiers 0 and 1: a value type, built without allocation.</summary>
/// <param name="Frame">Sensor timestamp of the frame (MinValue when the camera is missing).</param>
/// <param name="Audio">Sensor timestamp of the latest audio hop (MinValue when the microphone is missing).</param>
/// <param name="Faces">Faces tier 1 found (−1 when the face detector did not run on this frame).</param>
/// <param name="FaceScoreInBand">True when the face detector reported a face below the confirmation score (<c>Cascade:FaceConfirm</c>): an uncertain face.</param>
/// <param name="SpeechProbability">The VAD's latest speech probability (−1 when it did not run).</param>
/// <param name="SpeechActive">The smoothed speech state.</param>
/// <param name="SceneDistance">Scene-signature distance to the view at the last full description, 0–1.</param>
/// <param name="UserRequest">The user asked for a description since the last frame.</param>
/// <param name="ObjectsUnsure">Tier 2 saw a label it could not yet confirm (one low-score sighting): another look settles it.</param>
/// <param name="StreamChanged">A stream went missing or came back since the last frame: the description must say so now.</param>
/// <param name="Cut">A shot cut since the last tier-2 look: a new view, which waits for <see cref="EscalationOptions.SettleInterval"/> at most, not <see cref="EscalationOptions.MinInterval"/>.</param>
public readonly record struct PolicyInput(
    Timestamp Frame,
    Timestamp Audio,
    int Faces,
    bool FaceScoreInBand,
    float SpeechProbability,
    bool SpeechActive,
    float SceneDistance,
    bool UserRequest,
    bool ObjectsUnsure = false,
    bool StreamChanged = false,
    bool Cut = false);

/// <summary>The policy's verdict for one frame.</summary>
/// <param name="Escalate">Run tier 2 now.</param>
/// <param name="Reason">Why (None when not escalating).</param>
public readonly record struct EscalationDecision(bool Escalate, EscalationReason Reason);
