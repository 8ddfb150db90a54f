namespace EdgeRuntime.Cascade.Detection;

/// <summary>Pixel layouts a detector can be handed.</summary>
public enum PixelFormat
{
    /// <summary>8-bit R, G, B per pixel.</summary>
    Rgb24,

    /// <summary>8-bit B, G, R per pixel.</summary>
    Bgr24,

    /// <summary>8-bit luma only.</summary>
    Gray8,
}

/// <summary>A borrowed view of one frame's pixels; valid only during the call it is passed to (no copy is made).</summary>
/// <param name="Pixels">Row-major pixels, <paramref name="Stride"/> bytes per row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per row.</param>
/// <param name="Format">Pixel layout.</param>
public readonly ref struct ImageView(ReadOnlySpan<byte> Pixels, int Width, int Height, int Stride, PixelFormat Format)
{
    public ReadOnlySpan<byte> Pixels { get; } = Pixels;

    public int Width { get; } = Width;

    public int Height { get; } = Height;

    public int Stride { get; } = Stride;

    public PixelFormat Format { get; } = Format;

    /// <summary>Bytes per pixel of <see cref="Format"/>.</summary>
    public int BytesPerPixel => Format == PixelFormat.Gray8 ? 1 : 3;
}
