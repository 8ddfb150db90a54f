namespace EdgeRuntime.Core.Events;

/// <summary>
/// A box in normalized image coordinates: 0..1 from the left and top edges, so a receiver needs no frame size.
/// Serialized as an object <c>{"x":..,"y":..,"w":..,"h":..}</c>.
/// </summary>
/// <param name="X">Left edge, 0..1.</param>
/// <param name="Y">Top edge, 0..1.</param>
/// <param name="W">Width, 0..1.</param>
/// <param name="H">Height, 0..1.</param>
public readonly record struct BoundingBox(float X, float Y, float W, float H);
