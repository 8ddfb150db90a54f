using EdgeRuntime.Cascade.Detectors;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>The models the cascade runs; a null model disables its tier's work (and is reported at start-up).</summary>
/// <param name="Vad">Tier 1 voice activity.</param>
/// <param name="Faces">Tier 1 face detector.</param>
/// <param name="Objects">Tier 2 object detector.</param>
/// <param name="Text">Tier 2 text reader.</param>
public sealed record CascadeModels(IVoiceActivityDetector? Vad, IFaceDetector? Faces, IObjectDetector? Objects, ITextReader? Text);
