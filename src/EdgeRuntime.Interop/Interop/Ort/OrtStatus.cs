using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Ort;

/// <summary>
/// The one status funnel for ONNX Runtime: a non-NULL <c>OrtStatus*</c> becomes an <see cref="OrtException"/>
/// carrying the error code and a copy of the message, and the status is always released.
/// </summary>
public static unsafe class OrtStatus
{
    /// <summary>Throws for a non-NULL status (releasing it); returns when it is NULL. The fast path is one compare.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status)
    {
        if (status != 0)
        {
            Throw(status, null);
        }
    }

    /// <summary>As <see cref="Check(nint)"/>, prefixing the message with what was being done (e.g. the model name).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status, string context)
    {
        if (status != 0)
        {
            Throw(status, context);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(nint status, string? context)
    {
        var api = OrtApi.Instance;
        OrtErrorCode code;
        string message;
        try
        {
            code = (OrtErrorCode)api.GetErrorCode(status);
            // The message belongs to the status: copy it before the release below.
            message = Marshal.PtrToStringUTF8((nint)api.GetErrorMessage(status)) ?? "";
        }
        finally
        {
            api.ReleaseStatus(status);
        }
        throw new OrtException(code, context is null ? message : $"{context}: {message}");
    }
}
