using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>The C library calls a V4L2 device needs: open, close, ioctl, mmap, munmap, poll.</summary>
internal static unsafe partial class Native
{
    /// <summary>The C library's soname.</summary>
    public const string Library = "libc";

    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int PROT_READ = 0x1;
    public const int PROT_WRITE = 0x2;
    public const int MAP_SHARED = 0x1;
    public const short POLLIN = 0x1;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EINVAL = 22;

    [LibraryImport(Library, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    // Takes the raw descriptor, not a SafeHandle: it is what FileDescriptorHandle.ReleaseHandle calls.
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(FileDescriptorHandle fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, FileDescriptorHandle fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
