using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>
/// glibc's <c>malloc_trim(3)</c>: hands free heap pages back to the kernel. Native libraries (ONNX Runtime without its
/// arena) free large activation buffers into the C heap, which keeps them resident until trimmed; a run that measures
/// its own peak resident memory trims first so an earlier run's freed memory does not count.
/// </summary>
public static partial class LibcHeap
{
    /// <summary>Trims the C heap; false where the C library has no malloc_trim (musl, non-Linux).</summary>
    public static bool Trim()
    {
        try
        {
            return MallocTrim(0) != 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
