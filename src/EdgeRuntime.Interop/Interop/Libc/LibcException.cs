using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Libc;

/// <summary>A C library call failed; <see cref="Errno"/> says why.</summary>
public sealed class LibcException(string message, int errno) : IOException(message)
{
    /// <summary>The <c>errno</c> value.</summary>
    public int Errno { get; } = errno;

    /// <summary>The one funnel for libc results: a negative result throws with <c>strerror</c>'s text and what we were doing.</summary>
    internal static int Check(int result, string what)
    {
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LibcException($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
        }
        return result;
    }
}
