using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>Owns one <c>struct mosquitto *</c>; releasing it calls <c>mosquitto_destroy</c>, which also closes its socket.</summary>
public sealed class MosquittoHandle : SafeHandle
{
    /// <summary>Used by the interop marshaller.</summary>
    public MosquittoHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LibMosquitto.Destroy(handle);
        return true;
    }
}
