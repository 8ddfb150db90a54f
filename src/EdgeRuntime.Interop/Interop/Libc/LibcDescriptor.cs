using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>What a file descriptor the process may have inherited is: the checks made before reading standard input.</summary>
public static partial class LibcDescriptor
{
    private const int FGetFd = 1;
    private const int FdCloexec = 1;

    /// <summary>
    /// Whether <paramref name="fd"/> is open and was inherited from the process that started this one. A descriptor
    /// with close-on-exec set cannot have survived exec, so it was opened here: what a number closed at start (say
    /// <c>edge run &lt;&amp;-</c>) looks like once the runtime reused it for a pipe or file of its own.
    /// </summary>
    public static bool IsInherited(int fd)
    {
        var flags = Fcntl(fd, FGetFd);
        return flags >= 0 && (flags & FdCloexec) == 0;
    }

    /// <summary>Whether <paramref name="fd"/> is a terminal.</summary>
    public static bool IsTerminal(int fd) => IsATty(fd) == 1;

    /// <summary>
    /// Whether this process's group is the foreground job of the terminal <paramref name="fd"/>. A background job
    /// (<c>edge run &amp;</c>) that reads its terminal is stopped by SIGTTIN, so it must not read.
    /// </summary>
    public static bool IsForeground(int fd) => TcGetPgrp(fd) == GetPgrp();

    // fcntl is variadic; F_GETFD takes no third argument, so the fixed two-argument form is the same call.
    [LibraryImport(Native.Library, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command);

    [LibraryImport(Native.Library, EntryPoint = "isatty")]
    private static partial int IsATty(int fd);

    [LibraryImport(Native.Library, EntryPoint = "tcgetpgrp")]
    private static partial int TcGetPgrp(int fd);

    [LibraryImport(Native.Library, EntryPoint = "getpgrp")]
    private static partial int GetPgrp();
}
