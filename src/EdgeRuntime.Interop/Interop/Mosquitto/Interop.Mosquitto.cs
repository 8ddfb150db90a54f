using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>
/// The libmosquitto 2.0 C API (Debian's libmosquitto1, header /usr/include/mosquitto.h), only the calls EdgeRuntime
/// uses. Callbacks are <c>delegate* unmanaged</c> to <c>[UnmanagedCallersOnly]</c> methods, so nothing is marshalled
/// and NativeAOT needs no stubs. Strings are UTF-8; C <c>bool</c> is one byte.
/// </summary>
internal static unsafe partial class LibMosquitto
{
    /// <summary>The shared library's soname; the system loader finds Debian's copy.</summary>
    public const string Name = "libmosquitto.so.1";

    public const int OptProtocolVersion = 1; // MOSQ_OPT_PROTOCOL_VERSION
    public const int ProtocolV311 = 4;       // MQTT_PROTOCOL_V311
    public const int ProtocolV5 = 5;         // MQTT_PROTOCOL_V5

    [LibraryImport(Name, EntryPoint = "mosquitto_lib_version")]
    public static partial int LibVersion(out int major, out int minor, out int revision);

    [LibraryImport(Name, EntryPoint = "mosquitto_lib_init")]
    public static partial int LibInit();

    // Returns a handle the SafeHandle owns; freed with mosquitto_destroy (see MosquittoHandle).
    [LibraryImport(Name, EntryPoint = "mosquitto_new", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial MosquittoHandle New(string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, nint obj);

    // Takes a plain pointer: called from MosquittoHandle.ReleaseHandle, when the SafeHandle can no longer be used.
    [LibraryImport(Name, EntryPoint = "mosquitto_destroy")]
    public static partial void Destroy(nint mosq);

    [LibraryImport(Name, EntryPoint = "mosquitto_int_option")]
    public static partial int IntOption(MosquittoHandle mosq, int option, int value);

    [LibraryImport(Name, EntryPoint = "mosquitto_username_pw_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UsernamePwSet(MosquittoHandle mosq, string? username, string? password);

    [LibraryImport(Name, EntryPoint = "mosquitto_tls_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TlsSet(MosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, nint passwordCallback);

    [LibraryImport(Name, EntryPoint = "mosquitto_will_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int WillSet(MosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Name, EntryPoint = "mosquitto_connect", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Connect(MosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(Name, EntryPoint = "mosquitto_connect_async", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int ConnectAsync(MosquittoHandle mosq, string host, int port, int keepalive);

    [LibraryImport(Name, EntryPoint = "mosquitto_disconnect")]
    public static partial int Disconnect(MosquittoHandle mosq);

    [LibraryImport(Name, EntryPoint = "mosquitto_publish", SetLastError = true)]
    public static partial int Publish(MosquittoHandle mosq, int* mid, byte* topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(Name, EntryPoint = "mosquitto_subscribe", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Subscribe(MosquittoHandle mosq, int* mid, string pattern, int qos);

    [LibraryImport(Name, EntryPoint = "mosquitto_loop_read", SetLastError = true)]
    public static partial int LoopRead(MosquittoHandle mosq, int maxPackets);

    [LibraryImport(Name, EntryPoint = "mosquitto_loop_write", SetLastError = true)]
    public static partial int LoopWrite(MosquittoHandle mosq, int maxPackets);

    [LibraryImport(Name, EntryPoint = "mosquitto_loop_misc")]
    public static partial int LoopMisc(MosquittoHandle mosq);

    [LibraryImport(Name, EntryPoint = "mosquitto_socket")]
    public static partial int Socket(MosquittoHandle mosq);

    [LibraryImport(Name, EntryPoint = "mosquitto_want_write")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WantWrite(MosquittoHandle mosq);

    [LibraryImport(Name, EntryPoint = "mosquitto_connect_callback_set")]
    public static partial void ConnectCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, void> onConnect);

    [LibraryImport(Name, EntryPoint = "mosquitto_disconnect_callback_set")]
    public static partial void DisconnectCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, void> onDisconnect);

    [LibraryImport(Name, EntryPoint = "mosquitto_publish_v5_callback_set")]
    public static partial void PublishV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, nint, void> onPublish);

    [LibraryImport(Name, EntryPoint = "mosquitto_subscribe_callback_set")]
    public static partial void SubscribeCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, int, int*, void> onSubscribe);

    [LibraryImport(Name, EntryPoint = "mosquitto_message_callback_set")]
    public static partial void MessageCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, MosquittoMessage*, void> onMessage);

    [LibraryImport(Name, EntryPoint = "mosquitto_log_callback_set")]
    public static partial void LogCallbackSet(MosquittoHandle mosq, delegate* unmanaged<nint, nint, int, byte*, void> onLog);

    [LibraryImport(Name, EntryPoint = "mosquitto_strerror")]
    public static partial byte* StrError(int code);

    [LibraryImport(Name, EntryPoint = "mosquitto_connack_string")]
    public static partial byte* ConnackString(int code);

    [LibraryImport(Name, EntryPoint = "mosquitto_reason_string")]
    public static partial byte* ReasonString(int code);
}

/// <summary><c>struct mosquitto_message</c>: valid only during the message callback; the library frees it afterwards.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MosquittoMessage
{
    public int Mid;
    public byte* Topic;
    public byte* Payload;
    public int PayloadLength;
    public int Qos;
    public byte Retain;
}
