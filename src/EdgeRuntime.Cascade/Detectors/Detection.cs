namespace EdgeRuntime.Cascade.Detectors;

/// <summary>
/// One thing a detector found: a label index into the detector's label table, a confidence and a box.
/// A value type so detectors write into caller-owned spans and allocate nothing per frame.
/// </summary>
/// <param name="Label">Index into the producing detector's <c>Labels</c>.</param>
/// <param name="Score">Confidence, 0–1.</param>
/// <param name="Box">Normalized box.</param>
public readonly record struct Detection(int Label, float Score, Box Box);
