using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.PortAudio;

/// <summary>An open <c>PaStream*</c>; releasing it aborts and closes the stream.</summary>
/// <remarks><c>Pa_CloseStream</c> takes the raw pointer because it runs from <see cref="ReleaseHandle"/>, when the handle is already being destroyed.</remarks>
internal sealed class StreamHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        Native.AbortStreamRaw(handle);
        return Native.CloseStream(handle) == Native.NoError;
    }
}
