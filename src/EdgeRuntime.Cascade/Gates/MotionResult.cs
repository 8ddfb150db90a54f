using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>What the motion gate saw in one frame. A value type: the gate allocates nothing per frame.</summary>
/// <param name="Timestamp">The frame's sensor timestamp.</param>
/// <param name="Score">Fraction of the frame covered by motion regions (0–1).</param>
/// <param name="ChangedFraction">Fraction of pixels that differ from the background, before region filtering.</param>
/// <param name="Regions">Number of changed regions at least the contour area in size.</param>
/// <param name="GlobalChange">True when most of the frame changed at once (see <see cref="MotionGateOptions.LightningThreshold"/>).</param>
/// <param name="Left">Union box of the motion regions, normalized 0–1 (zero when there is none).</param>
/// <param name="Top">Union box top.</param>
/// <param name="Right">Union box right.</param>
/// <param name="Bottom">Union box bottom.</param>
public readonly record struct MotionResult(
    Timestamp Timestamp,
    float Score,
    float ChangedFraction,
    int Regions,
    bool GlobalChange,
    float Left,
    float Top,
    float Right,
    float Bottom)
{
    /// <summary>True when at least one region moved (a global change is not motion).</summary>
    public bool Motion => Regions > 0;
}
