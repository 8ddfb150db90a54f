using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>An open file descriptor, closed on release.</summary>
public sealed class FileDescriptorHandle() : SafeHandle(-1, ownsHandle: true)
{
    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    /// <summary>The descriptor number (for poll).</summary>
    public int Value => (int)handle;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Native.Close((int)handle) == 0;

    internal static FileDescriptorHandle FromRaw(int fd)
    {
        var h = new FileDescriptorHandle();
        h.SetHandle(fd);
        return h;
    }
}
