namespace EdgeRuntime.Interop.Mosquitto;

/// <summary>How one <see cref="MosquittoClient"/> connects. Paths must exist; the library reads them at connect time.</summary>
public sealed record MosquittoClientOptions
{
    /// <summary>Client id; null lets the broker pick one (requires a clean session).</summary>
    public string? ClientId { get; init; }

    /// <summary>Start a clean session (true) or resume the broker's stored session for <see cref="ClientId"/> (false).</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>Speak MQTT 5 instead of 3.1.1.</summary>
    public bool Mqtt5 { get; init; }

    /// <summary>Keepalive interval in seconds (PINGREQ when idle).</summary>
    public int KeepAliveSeconds { get; init; } = 30;

    /// <summary>User name, or null for anonymous.</summary>
    public string? Username { get; init; }

    /// <summary>Password; only sent with a user name.</summary>
    public string? Password { get; init; }

    /// <summary>CA certificate file (PEM); setting it turns TLS on.</summary>
    public string? CaFile { get; init; }

    /// <summary>Directory of hashed CA certificates (e.g. the system store <c>/etc/ssl/certs</c>); setting it turns TLS on.</summary>
    public string? CaPath { get; init; }

    /// <summary>Client certificate (PEM), with <see cref="KeyFile"/>, for mutual TLS.</summary>
    public string? CertFile { get; init; }

    /// <summary>Client private key (PEM, unencrypted).</summary>
    public string? KeyFile { get; init; }

    /// <summary>Last Will topic; null for none.</summary>
    public string? WillTopic { get; init; }

    /// <summary>Last Will payload.</summary>
    public byte[] WillPayload { get; init; } = [];

    /// <summary>Last Will QoS.</summary>
    public int WillQos { get; init; } = 1;

    /// <summary>Whether the broker retains the Last Will.</summary>
    public bool WillRetain { get; init; } = true;
}
