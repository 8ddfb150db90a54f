using System.Runtime.InteropServices;
using System.Text;

namespace EdgeRuntime.Interop.Ort;

/// <summary>UTF-8 conversions for the C API, which takes and returns NUL-terminated UTF-8 on Linux.</summary>
public static unsafe class OrtStrings
{
    /// <summary>A NUL-terminated UTF-8 copy on the managed heap, for one-off calls (use with <c>fixed</c>).</summary>
    public static byte[] ToUtf8Z(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    /// <summary>
    /// A NUL-terminated UTF-8 copy in native memory, for names passed on every run: it never moves, so a pointer to it
    /// can be stored in a native array. Free it with <see cref="FreeNative"/>.
    /// </summary>
    public static byte* ToNativeUtf8Z(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, count));
        p[count] = 0;
        return p;
    }

    /// <summary>Frees memory from <see cref="ToNativeUtf8Z"/>; NULL is ignored.</summary>
    public static void FreeNative(byte* p) => NativeMemory.Free(p);

    /// <summary>Copies a NUL-terminated UTF-8 string (NULL gives an empty string).</summary>
    public static string FromUtf8Z(byte* p) => p is null ? "" : Marshal.PtrToStringUTF8((nint)p) ?? "";

    /// <summary>Copies a string allocated by ONNX Runtime's default allocator, then frees it with that allocator.</summary>
    public static string TakeFromDefaultAllocator(byte* p)
    {
        if (p is null)
        {
            return "";
        }
        var api = OrtApi.Instance;
        try
        {
            return FromUtf8Z(p);
        }
        finally
        {
            OrtStatus.Check(api.AllocatorFree(OrtAllocator.Default, p));
        }
    }
}

/// <summary>ONNX Runtime's default CPU allocator (owned by the library: never freed).</summary>
public static unsafe class OrtAllocator
{
    private static nint s_default;

    /// <summary>The <c>OrtAllocator*</c> from <c>GetAllocatorWithDefaultOptions</c>.</summary>
    public static nint Default
    {
        get
        {
            if (s_default == 0)
            {
                nint p;
                OrtStatus.Check(OrtApi.Instance.GetAllocatorWithDefaultOptions(&p));
                Volatile.Write(ref s_default, p); // the same pointer every time; a race stores it twice
            }
            return s_default;
        }
    }
}
