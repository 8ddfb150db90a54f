using EdgeRuntime.Core.Frames;

namespace EdgeRuntime.Cascade.Detectors;

/// <summary>A borrowed view of one frame's pixels; valid only during the call it is passed to (no copy is made).</summary>
/// <param name="Pixels">Row-major pixels, <paramref name="Stride"/> bytes per row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per row.</param>
/// <param name="Format">Pixel layout (detectors accept Rgb24, Bgr24 and Gray8).</param>
public readonly ref struct ImageView(ReadOnlySpan<byte> Pixels, int Width, int Height, int Stride, PixelFormat Format)
{
    public ReadOnlySpan<byte> Pixels { get; } = Pixels;

    public int Width { get; } = Width;

    public int Height { get; } = Height;

    public int Stride { get; } = Stride;

    public PixelFormat Format { get; } = Format;

    /// <summary>Bytes per pixel of <see cref="Format"/>.</summary>
    public int BytesPerPixel => Format == PixelFormat.Gray8 ? 1 : 3;

    /// <summary>A view of a tightly packed RGB24 frame.</summary>
    public static ImageView Rgb(ReadOnlySpan<byte> pixels, int width, int height) => new(pixels, width, height, width * 3, PixelFormat.Rgb24);
}
