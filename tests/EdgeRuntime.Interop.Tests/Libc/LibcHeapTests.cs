using EdgeRuntime.Interop.Libc;

namespace EdgeRuntime.Interop.Tests.Libc;

public sealed class LibcHeapTests
{
    [Fact]
    public void Malloc_trim_binds_to_glibc_and_hands_freed_pages_back()
    {
        // Free a large block into the C heap first, so glibc has pages to return (malloc_trim returns 1 when it did).
        var block = System.Runtime.InteropServices.Marshal.AllocHGlobal(1 << 20);
        var small = new nint[64];
        for (var i = 0; i < small.Length; i++)
        {
            small[i] = System.Runtime.InteropServices.Marshal.AllocHGlobal(64 << 10); // below the mmap threshold: on the heap
        }
        foreach (var p in small)
        {
            System.Runtime.InteropServices.Marshal.FreeHGlobal(p);
        }
        System.Runtime.InteropServices.Marshal.FreeHGlobal(block);
        Assert.True(LibcHeap.Trim());
    }

    [Fact]
    public void Mallopt_binds_to_glibc_and_accepts_an_arena_cap_and_refuses_none()
    {
        Assert.True(LibcHeap.LimitArenas(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LibcHeap.LimitArenas(0));
    }
}
