using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tracking;

/// <summary>A label that left the view, at the first view that missed it.</summary>
/// <param name="Label">The label.</param>
/// <param name="At">Sensor time of the first view (or cut) without it.</param>
public readonly record struct Departure(string Label, Timestamp At);
