using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.PortAudio;

/// <summary>A PortAudio call failed; <see cref="Error"/> is the <c>PaError</c> code.</summary>
public sealed class PortAudioException(string message, int error) : Exception(message)
{
    /// <summary>The <c>PaError</c> code (negative).</summary>
    public int Error { get; } = error;

    /// <summary>The one funnel every PortAudio status goes through: throws with PortAudio's own text and what we were doing.</summary>
    internal static void Check(int error, string what)
    {
        if (error < 0)
        {
            throw new PortAudioException($"{what} failed: {Text(error)} ({error})", error);
        }
    }

    internal static string Text(int error) => Marshal.PtrToStringUTF8(Native.GetErrorText(error)) ?? "unknown PortAudio error";
}
