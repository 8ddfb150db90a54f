namespace EdgeRuntime.Interop.Libc;

/// <summary>The Linux <c>errno</c> values callers tell apart in <see cref="LibcException.Errno"/> (asm-generic numbering, x86-64 and arm64 alike).</summary>
public static class LinuxErrno
{
    /// <summary>No such file or directory (a device node not there yet).</summary>
    public const int ENOENT = 2;

    /// <summary>Input/output error.</summary>
    public const int EIO = 5;

    /// <summary>No such device or address.</summary>
    public const int ENXIO = 6;

    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;

    /// <summary>Device or resource busy (another process streams from it).</summary>
    public const int EBUSY = 16;

    /// <summary>No such device (unplugged while open).</summary>
    public const int ENODEV = 19;
}
