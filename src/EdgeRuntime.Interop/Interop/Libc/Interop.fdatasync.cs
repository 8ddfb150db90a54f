using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeRuntime.Interop.Libc;

/// <summary>
/// <c>fdatasync(2)</c> on a <see cref="SafeFileHandle"/>, callable from a thread other than the one writing the file
/// (FileStream is not thread-safe; the kernel call is). RandomAccess.FlushToDisk is .NET 10 only, and the NativeAOT
/// proof builds for net9.0.
/// </summary>
public static partial class LibcFileSync
{
    /// <summary>Forces the file's data (and the metadata needed to read it) to stable storage; throws <see cref="IOException"/> on failure.</summary>
    public static void DataSync(SafeFileHandle file)
    {
        var added = false;
        try
        {
            // Keeps the descriptor open even if the owner disposes the stream meanwhile.
            file.DangerousAddRef(ref added);
            if (FDataSync((int)file.DangerousGetHandle()) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fdatasync failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);
}
