using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

public static partial class LibcHeap
{
    private const int MArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>
    /// Caps how many malloc arenas glibc creates (<c>mallopt(M_ARENA_MAX)</c>, as the <c>MALLOC_ARENA_MAX</c> environment
    /// variable does). By default glibc gives each contending thread its own arena, up to eight per core; ONNX Runtime's
    /// large activation buffers, freed on one thread and allocated on another, then stay resident in several arenas at
    /// once. Measured on the evaluation set: peak RSS 215–248 MB with two arenas against 244–331 MB without, latency the
    /// same (docs/benchmarks.md). False where the C library has no mallopt (musl, non-Linux) or refuses the value.
    /// </summary>
    public static bool LimitArenas(int arenas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arenas, 1);
        try
        {
            return MallOpt(MArenaMax, arenas) == 1;
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

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);
}
