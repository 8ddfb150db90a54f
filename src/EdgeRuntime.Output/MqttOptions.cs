using System.Text;
using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Output.Outbox;

namespace EdgeRuntime.Output;

/// <summary>
/// The <c>Mqtt:</c> section. An empty <see cref="Host"/> means no broker: events go to the console/JSONL sink.
/// Every key can be set as <c>EDGE_Mqtt__Host</c>, <c>EDGE_Mqtt__Outbox__Fsync</c>, ...
/// </summary>
/// <example>
/// <code>
/// "Mqtt": { "Host": "localhost", "Port": 1883, "TopicPrefix": "edge", "Qos": 1,
///           "Username": "edge", "PasswordFile": "/etc/edge/mqtt-password",
///           "Tls": { "Enabled": true },
///           "Outbox": { "Path": "var/mqtt-outbox.journal", "MaxBytes": 67108864, "Fsync": "batched", "FsyncInterval": "50ms" },
///           "Discovery": { "Enabled": true } }
/// </code>
/// </example>
public sealed record MqttOptions
{
    /// <summary>Broker host name or address; empty disables MQTT.</summary>
    public string Host { get; init; } = "";

    /// <summary>Broker port (1883 plain, 8883 usual for TLS).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Topic prefix, e.g. <c>edge</c> → <c>edge/events</c>.</summary>
    public string TopicPrefix { get; init; } = "edge";

    /// <summary>MQTT client id; also the Home Assistant device id.</summary>
    public string ClientId { get; init; } = "edgeruntime";

    /// <summary>User name, or empty for anonymous.</summary>
    public string? Username { get; init; }

    /// <summary>
    /// Password: given inline (<c>Mqtt:Password</c>), read from <c>Mqtt:PasswordFile</c> or from the systemd credential
    /// <c>Mqtt:PasswordCredential</c>. Never printed: <see cref="ToString"/> leaves it out.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>Where <see cref="Password"/> came from, for logs: "none", "configuration", "file &lt;path&gt;" or "systemd credential &lt;name&gt;".</summary>
    public string PasswordSource { get; init; } = "none";

    /// <summary>MQTT 5 instead of 3.1.1.</summary>
    public bool Mqtt5 { get; init; }

    /// <summary>Keepalive interval.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>QoS of durable messages: 1 (default; removed from the outbox on PUBACK) or 0 (removed once written to the socket).</summary>
    public int Qos { get; init; } = 1;

    /// <summary>CA file; setting it turns TLS on.</summary>
    public string? CaFile { get; init; }

    /// <summary><c>Mqtt:Tls:Enabled</c>: TLS even without a CA file, trusting <see cref="CaPath"/>.</summary>
    public bool Tls { get; init; }

    /// <summary>Whether to connect over TLS: <see cref="Tls"/> set, or a CA file given.</summary>
    public bool TlsEnabled => Tls || CaFile is not null;

    /// <summary>Directory of hashed CA certificates trusted when TLS is on and no <see cref="CaFile"/> is given: the system store.</summary>
    public string CaPath { get; init; } = SystemCertificates;

    /// <summary>Client certificate for mutual TLS.</summary>
    public string? CertFile { get; init; }

    /// <summary>Client key for mutual TLS.</summary>
    public string? KeyFile { get; init; }

    /// <summary>First reconnect delay; doubles per failure up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The outbox.</summary>
    public OutboxOptions Outbox { get; init; } = new("var/mqtt-outbox.journal", 64L * 1024 * 1024, FsyncPolicy.Batched, TimeSpan.FromMilliseconds(50));

    /// <summary>Publish Home Assistant discovery configs on connect.</summary>
    public bool DiscoveryEnabled { get; init; }

    /// <summary>Home Assistant's discovery prefix.</summary>
    public string DiscoveryPrefix { get; init; } = "homeassistant";

    /// <summary>Whether a broker is configured.</summary>
    public bool Enabled => Host.Length > 0;

    /// <summary>Debian's (and most distributions') system certificate store, kept current by ca-certificates.</summary>
    public const string SystemCertificates = "/etc/ssl/certs";

    /// <summary>The systemd credential read for the password when none is configured and the service loads one.</summary>
    public const string DefaultCredential = "mqtt-password";

    /// <summary>Reads and validates the section; relative paths resolve against <paramref name="home"/>.</summary>
    /// <param name="section">The <c>Mqtt</c> section.</param>
    /// <param name="home">The directory relative paths start from.</param>
    /// <param name="credentialsDirectory">systemd's <c>$CREDENTIALS_DIRECTORY</c>; null reads the variable.</param>
    public static MqttOptions Read(ConfigSection section, string home, string? credentialsDirectory = null)
    {
        var defaults = new MqttOptions();
        var host = section.GetString("Host", defaults.Host).Trim();
        var prefix = section.GetString("TopicPrefix", defaults.TopicPrefix).Trim();
        if (!Topics.IsValidName(prefix))
        {
            section.Error("TopicPrefix", prefix, "a topic without '+', '#', NUL or leading/trailing '/'");
            prefix = defaults.TopicPrefix;
        }
        var clientId = section.GetString("ClientId", defaults.ClientId).Trim();
        if (clientId.Length is 0 or > 65535)
        {
            section.Error("ClientId", clientId, "a non-empty client id");
            clientId = defaults.ClientId;
        }
        var username = section.GetString("Username", "");
        var (password, passwordSource) = MqttPassword.Read(section, home,
            credentialsDirectory ?? Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY"));
        var protocol = section.GetChoice("Protocol", "3.1.1", "3.1.1", "5");
        var keepAlive = section.GetDuration("KeepAlive", defaults.KeepAlive, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30));
        var qos = section.GetInt("Qos", defaults.Qos, 0, 1);
        var reconnectMin = section.GetDuration("ReconnectMin", defaults.ReconnectMin, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
        var reconnectMax = section.GetDuration("ReconnectMax", defaults.ReconnectMax, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10));
        if (reconnectMax < reconnectMin)
        {
            section.Error("ReconnectMax", reconnectMax.ToString(), "a duration not shorter than Mqtt:ReconnectMin");
        }

        var tls = section.Section("Tls");
        var caFile = tls.GetExistingFile("CaFile", home);
        var certFile = tls.GetExistingFile("CertFile", home);
        var keyFile = tls.GetExistingFile("KeyFile", home);
        if ((certFile is null) != (keyFile is null))
        {
            tls.Error(certFile is null ? "CertFile" : "KeyFile", null, "both Tls:CertFile and Tls:KeyFile, or neither");
        }
        if (certFile is not null && caFile is null)
        {
            tls.Error("CaFile", null, "a CA file when a client certificate is given (TLS needs it)");
        }
        var tlsOn = tls.GetBool("Enabled", caFile is not null) || caFile is not null;
        var caPath = tls.GetString("CaPath", SystemCertificates).Trim();
        if (tlsOn && caFile is null && !Directory.Exists(caPath))
        {
            tls.Error("CaPath", caPath, "an existing directory of CA certificates (the system store is " + SystemCertificates + ")");
        }

        var outbox = section.Section("Outbox");
        var outboxPath = outbox.GetString("Path", defaults.Outbox.Path).Trim();
        if (outboxPath.Length == 0)
        {
            outbox.Error("Path", outboxPath, "a file path for the journal");
            outboxPath = defaults.Outbox.Path;
        }
        var maxBytes = outbox.GetLong("MaxBytes", defaults.Outbox.MaxBytes, 64 * 1024, 64L * 1024 * 1024 * 1024);
        var (fsync, fsyncInterval) = FsyncSettings.Read(outbox, defaults.Outbox.FsyncInterval);

        var discovery = section.Section("Discovery");
        var discoveryEnabled = discovery.GetBool("Enabled", false);
        var discoveryPrefix = discovery.GetString("Prefix", defaults.DiscoveryPrefix).Trim();
        if (!Topics.IsValidName(discoveryPrefix))
        {
            discovery.Error("Prefix", discoveryPrefix, "a topic without '+', '#', NUL or leading/trailing '/'");
            discoveryPrefix = defaults.DiscoveryPrefix;
        }

        return new MqttOptions
        {
            Host = host,
            Port = section.GetInt("Port", defaults.Port, 1, 65535),
            TopicPrefix = prefix,
            ClientId = clientId,
            Username = username.Length > 0 ? username : null,
            Password = password,
            PasswordSource = passwordSource,
            Mqtt5 = protocol == "5",
            KeepAlive = keepAlive,
            Qos = qos,
            CaFile = caFile,
            Tls = tlsOn,
            CaPath = Path.GetFullPath(caPath, home),
            CertFile = certFile,
            KeyFile = keyFile,
            ReconnectMin = reconnectMin,
            ReconnectMax = reconnectMax,
            Outbox = new OutboxOptions(Path.GetFullPath(outboxPath, home), maxBytes, fsync, fsyncInterval),
            DiscoveryEnabled = discoveryEnabled,
            DiscoveryPrefix = discoveryPrefix,
        };
    }

    /// <summary>
    /// The libmosquitto client settings for one connection with these credentials and TLS settings under
    /// <paramref name="clientId"/> (the daemon's own, or a probe's), without a Last Will (the caller adds one).
    /// </summary>
    public MosquittoClientOptions ClientOptions(string clientId) => new()
    {
        ClientId = clientId,
        Mqtt5 = Mqtt5,
        KeepAliveSeconds = (int)KeepAlive.TotalSeconds,
        Username = Username,
        Password = Password,
        CaFile = CaFile,
        CaPath = TlsEnabled && CaFile is null ? CaPath : null,
        CertFile = CertFile,
        KeyFile = KeyFile,
    };

    /// <summary>Every member except <see cref="Password"/>, which must never reach a log or a terminal.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Host = ").Append(Host).Append(", Port = ").Append(Port).Append(", TopicPrefix = ").Append(TopicPrefix)
            .Append(", ClientId = ").Append(ClientId).Append(", Username = ").Append(Username)
            .Append(", Password = ").Append(Password is null ? "(none)" : "(from " + PasswordSource + ")")
            .Append(", Mqtt5 = ").Append(Mqtt5).Append(", Qos = ").Append(Qos).Append(", Tls = ").Append(TlsEnabled)
            .Append(", CaFile = ").Append(CaFile).Append(", CaPath = ").Append(CaPath).Append(", CertFile = ").Append(CertFile)
            .Append(", Outbox = ").Append(Outbox).Append(", DiscoveryEnabled = ").Append(DiscoveryEnabled);
        return true;
    }
}
