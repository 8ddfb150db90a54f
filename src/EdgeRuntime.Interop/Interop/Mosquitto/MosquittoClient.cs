using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>
/// One libmosquitto client object, driven by the caller's own loop: <see cref="Connect"/>, then wait on
/// <see cref="Socket"/> (readable; writable when <see cref="WantWrite"/>) and call <see cref="LoopRead"/>,
/// <see cref="LoopWrite"/> and <see cref="LoopMisc"/> (keepalive). Callbacks reach the <see cref="IMosquittoListener"/>
/// on that thread.
/// </summary>
/// <remarks>
/// // Design: single-threaded. The owner's network thread is the only caller of every method, so callbacks, publish
/// and loop calls never race and the library needs no locks of ours. A GCHandle to this object is the native
/// <c>obj</c> pointer; it is freed after the handle is destroyed, so no callback can see a freed handle.
/// One object serves one connection: to reconnect, dispose it and create a new one, so the library keeps no queue
/// of its own across connections (the caller's outbox is the only retransmission queue).
/// </remarks>
public sealed unsafe class MosquittoClient : IDisposable
{
    private static readonly Lazy<(int Major, int Minor, int Revision)> s_library = new(InitLibrary);

    private readonly IMosquittoListener _listener;
    private readonly MosquittoHandle _handle;
    private GCHandle _self;

    /// <summary>Creates and configures a client (protocol, credentials, TLS, Last Will); throws <see cref="MosquittoException"/> on a bad option.</summary>
    public MosquittoClient(MosquittoClientOptions options, IMosquittoListener listener)
    {
        _ = s_library.Value;
        _listener = listener;
        Options = options;
        _self = GCHandle.Alloc(this);
        _handle = LibMosquitto.New(options.ClientId, options.CleanSession, GCHandle.ToIntPtr(_self));
        if (_handle.IsInvalid)
        {
            _self.Free();
            throw new MosquittoException("new", MosquittoStatus.Errno, MosquittoStatus.Describe(MosquittoStatus.Errno));
        }
        try
        {
            MosquittoStatus.Check(LibMosquitto.IntOption(_handle, LibMosquitto.OptProtocolVersion,
                options.Mqtt5 ? LibMosquitto.ProtocolV5 : LibMosquitto.ProtocolV311), "int_option(protocol)");
            LibMosquitto.ConnectCallbackSet(_handle, &OnConnectNative);
            LibMosquitto.DisconnectCallbackSet(_handle, &OnDisconnectNative);
            LibMosquitto.PublishV5CallbackSet(_handle, &OnPublishNative);
            LibMosquitto.SubscribeCallbackSet(_handle, &OnSubscribeNative);
            LibMosquitto.MessageCallbackSet(_handle, &OnMessageNative);
            LibMosquitto.LogCallbackSet(_handle, &OnLogNative);
            if (options.Username is not null)
            {
                MosquittoStatus.Check(LibMosquitto.UsernamePwSet(_handle, options.Username, options.Password), "username_pw_set");
            }
            if (options.CaFile is not null || options.CaPath is not null)
            {
                MosquittoStatus.Check(LibMosquitto.TlsSet(_handle, options.CaFile, options.CaPath, options.CertFile, options.KeyFile, 0), "tls_set");
            }
            if (options.WillTopic is not null)
            {
                fixed (byte* will = options.WillPayload)
                {
                    MosquittoStatus.Check(LibMosquitto.WillSet(_handle, options.WillTopic, options.WillPayload.Length, will, options.WillQos, options.WillRetain), "will_set");
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The options this client was made with.</summary>
    public MosquittoClientOptions Options { get; }

    /// <summary>The library version, e.g. 2.0.11.</summary>
    public static Version LibraryVersion => new(s_library.Value.Major, s_library.Value.Minor, s_library.Value.Revision);

    /// <summary>Opens the TCP (and TLS) connection and sends CONNECT; the CONNACK arrives later through <see cref="LoopRead"/>. Returns a MOSQ_ERR code.</summary>
    public int Connect(string host, int port) => LibMosquitto.Connect(_handle, host, port, Options.KeepAliveSeconds);

    /// <summary>
    /// Starts the TCP connection without waiting for it (the name is still resolved in the call) and queues CONNECT;
    /// the socket becomes writable once connected, and <see cref="LoopRead"/>/<see cref="LoopWrite"/> carry on from
    /// there (a refused or unreachable broker surfaces as their error). Returns a MOSQ_ERR code. Use this on a thread that
    /// must keep serving other work: <see cref="Connect"/> blocks until the TCP handshake ends, which for an
    /// unreachable host is the kernel's SYN timeout (minutes).
    /// </summary>
    public int BeginConnect(string host, int port) => LibMosquitto.ConnectAsync(_handle, host, port, Options.KeepAliveSeconds);

    /// <summary>Sends DISCONNECT (the broker then discards the Last Will). Returns a MOSQ_ERR code.</summary>
    public int Disconnect() => LibMosquitto.Disconnect(_handle);

    /// <summary>
    /// Queues a PUBLISH. <paramref name="topicZ"/> is UTF-8 with a terminating zero byte. The library copies both
    /// spans before returning. Returns a MOSQ_ERR code; <paramref name="mid"/> is what <see cref="IMosquittoListener.OnPublish"/> reports.
    /// </summary>
    public int Publish(ReadOnlySpan<byte> topicZ, ReadOnlySpan<byte> payload, int qos, bool retain, out int mid)
    {
        if (topicZ.IsEmpty || topicZ[^1] != 0)
        {
            throw new ArgumentException("topic must be zero-terminated UTF-8", nameof(topicZ));
        }
        int m;
        int rc;
        fixed (byte* t = topicZ)
        fixed (byte* p = payload)
        {
            rc = LibMosquitto.Publish(_handle, &m, t, payload.Length, p, qos, retain);
        }
        mid = m;
        return rc;
    }

    /// <summary>Subscribes to <paramref name="pattern"/>; <paramref name="mid"/> is what <see cref="IMosquittoListener.OnSubscribe"/> reports. Returns a MOSQ_ERR code.</summary>
    public int Subscribe(string pattern, int qos, out int mid)
    {
        int m;
        var rc = LibMosquitto.Subscribe(_handle, &m, pattern, qos);
        mid = m;
        return rc;
    }

    /// <summary>The connection's socket descriptor, or -1 when not connected.</summary>
    public int Socket => LibMosquitto.Socket(_handle);

    /// <summary>True when the library has bytes waiting to be written (wait for the socket to become writable).</summary>
    public bool WantWrite => LibMosquitto.WantWrite(_handle);

    /// <summary>Reads and handles incoming packets (callbacks fire here). Returns a MOSQ_ERR code; non-zero means the connection is gone.</summary>
    public int LoopRead() => LibMosquitto.LoopRead(_handle, 1);

    /// <summary>Writes queued packets. Returns a MOSQ_ERR code.</summary>
    public int LoopWrite() => LibMosquitto.LoopWrite(_handle, 1);

    /// <summary>Keepalive and retry housekeeping; call at least once a second. Returns a MOSQ_ERR code.</summary>
    public int LoopMisc() => LibMosquitto.LoopMisc(_handle);

    /// <inheritdoc />
    public void Dispose()
    {
        _handle.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    private static (int, int, int) InitLibrary()
    {
        MosquittoStatus.Check(LibMosquitto.LibInit(), "lib_init");
        LibMosquitto.LibVersion(out var major, out var minor, out var revision);
        return (major, minor, revision);
    }

    private static MosquittoClient? From(nint obj) => obj == 0 ? null : GCHandle.FromIntPtr(obj).Target as MosquittoClient;

    private static void Guard(nint obj, Action<IMosquittoListener> call)
    {
        if (From(obj) is not { } client)
        {
            return;
        }
        try
        {
            call(client._listener);
        }
        catch (Exception e)
        {
            // Never unwind through libmosquitto's frames: report and carry on.
            try
            {
                client._listener.OnLog(MosquittoLogLevel.Error, "callback failed: " + e);
            }
            catch (Exception)
            {
                // The listener's own logging failed; there is nobody left to tell.
            }
        }
    }

    [UnmanagedCallersOnly]
    private static void OnConnectNative(nint mosq, nint obj, int rc) => Guard(obj, l => l.OnConnect(rc));

    [UnmanagedCallersOnly]
    private static void OnDisconnectNative(nint mosq, nint obj, int rc) => Guard(obj, l => l.OnDisconnect(rc));

    [UnmanagedCallersOnly]
    private static void OnPublishNative(nint mosq, nint obj, int mid, int reasonCode, nint properties)
    {
        // Hot path (one per PUBACK): no closure allocation.
        if (From(obj) is not { } client)
        {
            return;
        }
        try
        {
            client._listener.OnPublish(mid, reasonCode);
        }
        catch (Exception e)
        {
            client._listener.OnLog(MosquittoLogLevel.Error, "publish callback failed: " + e);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnSubscribeNative(nint mosq, nint obj, int mid, int count, int* granted)
    {
        var qos = count > 0 && granted is not null ? granted[0] : 0x80;
        Guard(obj, l => l.OnSubscribe(mid, qos));
    }

    [UnmanagedCallersOnly]
    private static void OnMessageNative(nint mosq, nint obj, MosquittoMessage* message)
    {
        if (From(obj) is not { } client || message is null)
        {
            return;
        }
        try
        {
            var topic = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(message->Topic);
            var payload = message->Payload is null || message->PayloadLength <= 0
                ? ReadOnlySpan<byte>.Empty
                : new ReadOnlySpan<byte>(message->Payload, message->PayloadLength);
            client._listener.OnMessage(topic, payload, message->Retain != 0);
        }
        catch (Exception e)
        {
            client._listener.OnLog(MosquittoLogLevel.Error, "message callback failed: " + e);
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLogNative(nint mosq, nint obj, int level, byte* text)
    {
        const int MosqLogWarning = 1 << 2;
        const int MosqLogErr = 1 << 3;
        if (level is not (MosqLogWarning or MosqLogErr))
        {
            return;
        }
        var message = Marshal.PtrToStringUTF8((nint)text) ?? "";
        Guard(obj, l => l.OnLog(level == MosqLogErr ? MosquittoLogLevel.Error : MosquittoLogLevel.Warning, message));
    }
}
