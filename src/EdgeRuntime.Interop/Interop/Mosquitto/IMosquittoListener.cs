namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>
/// Receives a <see cref="MosquittoClient"/>'s callbacks. They run on the thread that calls the client's
/// <c>Loop*</c> methods, inside the native call; spans are valid only during the call. An exception thrown here is
/// caught and reported through <see cref="OnLog"/>, never unwound through native frames.
/// </summary>
public interface IMosquittoListener
{
    /// <summary>CONNACK received: <paramref name="code"/> 0 is accepted, anything else refused (see <see cref="MosquittoStatus.DescribeConnack"/>).</summary>
    void OnConnect(int code);

    /// <summary>The connection ended: <paramref name="code"/> 0 when we asked for it.</summary>
    void OnDisconnect(int code);

    /// <summary>A publish completed: PUBACK for QoS 1 (<paramref name="reasonCode"/> ≥ 0x80 is a refusal in MQTT 5), sent for QoS 0.</summary>
    void OnPublish(int mid, int reasonCode);

    /// <summary>SUBACK for the subscription <see cref="MosquittoClient.Subscribe"/> returned <paramref name="mid"/> for; <paramref name="grantedQos"/> 0x80 means refused.</summary>
    void OnSubscribe(int mid, int grantedQos);

    /// <summary>A message arrived on a subscription.</summary>
    void OnMessage(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool retain);

    /// <summary>The library logged a warning or error (lower levels are not forwarded).</summary>
    void OnLog(MosquittoLogLevel level, string message);
}

/// <summary>The library's log levels that are forwarded.</summary>
public enum MosquittoLogLevel
{
    /// <summary>MOSQ_LOG_WARNING.</summary>
    Warning,

    /// <summary>MOSQ_LOG_ERR.</summary>
    Error,
}
