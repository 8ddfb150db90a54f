namespace EdgeRuntime.Inference.Encoders.Ocr;

/// <summary>An axis-aligned text region in source-image pixels, with the detector's mean probability inside it.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Score">Mean text probability over the region's pixels, 0..1.</param>
public readonly record struct TextBox(int X, int Y, int Width, int Height, float Score)
{
    /// <summary>The right edge (exclusive).</summary>
    public int Right => X + Width;

    /// <summary>The bottom edge (exclusive).</summary>
    public int Bottom => Y + Height;

    /// <summary>True when the point lies inside the box.</summary>
    public bool Contains(int x, int y) => x >= X && x < Right && y >= Y && y < Bottom;
}
