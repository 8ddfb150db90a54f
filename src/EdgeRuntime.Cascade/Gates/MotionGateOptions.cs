using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>
/// Motion gate settings, with Frigate's defaults: pixel threshold 30, contour area 10 (at the motion resolution),
/// lightning threshold 0.8, background alpha 0.01, motion computed on a frame about 100–120 pixels high.
/// </summary>
public sealed record MotionGateOptions
{
    /// <summary>Height of the downscaled luma frame motion is computed on; width follows the aspect ratio.</summary>
    public int Height { get; init; } = 120;

    /// <summary>A pixel changed when its luma differs from the background by more than this (0–255).</summary>
    public int Threshold { get; init; } = 30;

    /// <summary>Smallest connected changed region, in motion-resolution pixels, that counts as motion.</summary>
    public int ContourArea { get; init; } = 10;

    /// <summary>
    /// Fraction of the frame covered by motion regions beyond which the change is global (lightning, lights switched, a cut or a fast
    /// camera turn): it is not reported as motion, the background is reset, and <see cref="MotionResult.GlobalChange"/> is set.
    /// </summary>
    public double LightningThreshold { get; init; } = 0.8;

    /// <summary>Weight of the current frame in the running background average.</summary>
    public double FrameAlpha { get; init; } = 0.01;

    /// <summary>Reads <c>Cascade:Motion</c>; every value range-checked.</summary>
    public static MotionGateOptions Read(ConfigSection section) => new()
    {
        Height = section.GetInt("Height", 120, 32, 480),
        Threshold = section.GetInt("Threshold", 30, 1, 255),
        ContourArea = section.GetInt("ContourArea", 10, 1, 100_000),
        LightningThreshold = section.GetDouble("LightningThreshold", 0.8, 0.05, 1.0),
        FrameAlpha = section.GetDouble("FrameAlpha", 0.01, 0.0001, 1.0),
    };
}
