namespace EdgeRuntime.Core.Frames;

/// <summary>The geometry and encoding of a frame.</summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="PixelFormat">How the bytes encode pixels.</param>
/// <param name="Stride">Bytes per row of the first plane (a driver may pad rows); 0 for compressed formats.</param>
public readonly record struct FrameFormat(int Width, int Height, PixelFormat PixelFormat, int Stride)
{
    /// <summary>A format with tightly packed rows.</summary>
    public static FrameFormat Packed(int width, int height, PixelFormat pixelFormat) =>
        new(width, height, pixelFormat, PixelFormats.DefaultStride(pixelFormat, width));

    /// <summary>Bytes of one tightly packed frame (an upper bound for MJPEG).</summary>
    public int FrameBytes => PixelFormats.FrameBytes(PixelFormat, Width, Height);

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height} {PixelFormat}";
}
