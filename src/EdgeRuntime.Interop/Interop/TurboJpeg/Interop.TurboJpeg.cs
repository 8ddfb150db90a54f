using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.TurboJpeg;

/// <summary>The TurboJPEG 2.x C API (Debian libturbojpeg0): decompression only.</summary>
internal static unsafe partial class Native
{
    /// <summary>The shared library's soname.</summary>
    public const string Library = "libturbojpeg.so.0";

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    public static partial DecompressorHandle InitDecompress();

    // Takes the raw pointer: it is what the handle's ReleaseHandle calls.
    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(DecompressorHandle handle, byte* jpeg, nuint size, out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(DecompressorHandle handle, byte* jpeg, nuint size, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    public static partial nint GetErrorStr2(DecompressorHandle handle);

    public const int PixelFormatRgb = 0;
    public const int PixelFormatBgr = 1;
    public const int PixelFormatGray = 6;
    public const int FlagFastDct = 2048;
}

/// <summary>A <c>tjhandle</c> for decompression; destroyed on release.</summary>
internal sealed class DecompressorHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => Native.Destroy(handle) == 0;
}
