using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.TurboJpeg;

/// <summary>The pixel layouts a <see cref="JpegDecoder"/> writes.</summary>
public enum JpegPixelFormat
{
    /// <summary>R, G, B bytes.</summary>
    Rgb = Native.PixelFormatRgb,

    /// <summary>B, G, R bytes.</summary>
    Bgr = Native.PixelFormatBgr,

    /// <summary>One luma byte.</summary>
    Gray = Native.PixelFormatGray,
}

/// <summary>A TurboJPEG decompressor (for MJPEG camera frames): decodes into caller memory, allocating nothing per image.</summary>
/// <remarks>Not thread-safe: one decoder per capture thread.</remarks>
public sealed unsafe class JpegDecoder : IDisposable
{
    private readonly DecompressorHandle _handle;

    /// <summary>Creates a decompressor.</summary>
    /// <exception cref="DllNotFoundException">libturbojpeg.so.0 is not installed (Debian: libturbojpeg0).</exception>
    public JpegDecoder()
    {
        _handle = Native.InitDecompress();
        if (_handle.IsInvalid)
        {
            throw new JpegException("tjInitDecompress failed");
        }
    }

    /// <summary>Reads the image size from a JPEG's header.</summary>
    public (int Width, int Height) ReadSize(ReadOnlySpan<byte> jpeg)
    {
        fixed (byte* p = jpeg)
        {
            Check(Native.DecompressHeader3(_handle, p, (nuint)jpeg.Length, out var w, out var h, out _, out _), "tjDecompressHeader3");
            return (w, h);
        }
    }

    /// <summary>Decodes <paramref name="jpeg"/> into <paramref name="destination"/> (rows of <paramref name="pitch"/> bytes); the image must be <paramref name="width"/> × <paramref name="height"/>.</summary>
    public void Decode(ReadOnlySpan<byte> jpeg, Span<byte> destination, int width, int height, int pitch, JpegPixelFormat format)
    {
        var (w, h) = ReadSize(jpeg);
        if (w != width || h != height)
        {
            throw new JpegException($"JPEG is {w}x{h}, expected {width}x{height}");
        }
        var bytesPerPixel = format == JpegPixelFormat.Gray ? 1 : 3;
        if (pitch < width * bytesPerPixel || destination.Length < pitch * (height - 1) + width * bytesPerPixel)
        {
            throw new ArgumentException($"destination of {destination.Length} bytes with pitch {pitch} cannot hold {width}x{height} {format}", nameof(destination));
        }
        fixed (byte* src = jpeg)
        fixed (byte* dst = destination)
        {
            Check(Native.Decompress2(_handle, src, (nuint)jpeg.Length, dst, width, pitch, height, (int)format, Native.FlagFastDct), "tjDecompress2");
        }
    }

    // The one funnel for TurboJPEG results: -1 means failure, the text comes from tjGetErrorStr2.
    private void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new JpegException($"{what} failed: {Marshal.PtrToStringUTF8(Native.GetErrorStr2(_handle)) ?? "unknown error"}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}

/// <summary>TurboJPEG could not decode an image.</summary>
public sealed class JpegException(string message) : Exception(message);
