using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>A libmosquitto call failed; <see cref="Code"/> is the <c>MOSQ_ERR_*</c> value.</summary>
public sealed class MosquittoException(string operation, int code, string message)
    : Exception($"mosquitto {operation} failed: {message} (MOSQ_ERR {code})")
{
    /// <summary>The <c>MOSQ_ERR_*</c> code.</summary>
    public int Code { get; } = code;

    /// <summary>The call that failed, e.g. <c>connect</c>.</summary>
    public string Operation { get; } = operation;
}

/// <summary>
/// The one place libmosquitto codes become text and exceptions: <c>mosquitto_strerror</c> for <c>MOSQ_ERR_*</c> (with
/// the C <c>errno</c> text for <c>MOSQ_ERR_ERRNO</c>), <c>mosquitto_connack_string</c> / <c>mosquitto_reason_string</c>
/// for a refused CONNACK.
/// </summary>
public static unsafe class MosquittoStatus
{
    /// <summary>MOSQ_ERR_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>MOSQ_ERR_NO_CONN: not connected.</summary>
    public const int NoConnection = 4;

    /// <summary>MOSQ_ERR_CONN_LOST.</summary>
    public const int ConnectionLost = 7;

    /// <summary>MOSQ_ERR_ERRNO: a system call failed; errno says why.</summary>
    public const int Errno = 14;

    /// <summary>Throws <see cref="MosquittoException"/> unless <paramref name="code"/> is success.</summary>
    public static void Check(int code, string operation)
    {
        if (code != Success)
        {
            throw new MosquittoException(operation, code, Describe(code));
        }
    }

    /// <summary>The library's text for a <c>MOSQ_ERR_*</c> code; for <c>MOSQ_ERR_ERRNO</c> the system's text for the last errno.</summary>
    public static string Describe(int code)
    {
        if (code == Errno)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno != 0 ? $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})" : "system call failed";
        }
        return Marshal.PtrToStringUTF8((nint)LibMosquitto.StrError(code)) ?? $"error {code}";
    }

    /// <summary>Why the broker refused a connection: the CONNACK return code (MQTT 3.1.1) or reason code (MQTT 5).</summary>
    public static string DescribeConnack(int code, bool mqtt5) =>
        Marshal.PtrToStringUTF8((nint)(mqtt5 ? LibMosquitto.ReasonString(code) : LibMosquitto.ConnackString(code))) ?? $"code {code}";

    /// <summary>A PUBACK reason code's text (MQTT 5; 0 is success).</summary>
    public static string DescribeReason(int code) => Marshal.PtrToStringUTF8((nint)LibMosquitto.ReasonString(code)) ?? $"code {code}";
}
