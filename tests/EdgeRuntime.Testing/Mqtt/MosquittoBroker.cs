using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeRuntime.Testing.Mqtt;

/// <summary>What a test broker needs beyond a plain anonymous loopback listener.</summary>
public sealed record BrokerSettings
{
    /// <summary>Keep sessions and queued messages across a restart (a persistence file in the broker's folder).</summary>
    public bool Persistence { get; init; }

    /// <summary>TLS with a fixture-made CA (its own name each time, so it can be placed in a hashed CA directory beside others), server and client certificates.</summary>
    public bool Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: whether clients must present a certificate (false: server authentication only).</summary>
    public bool RequireClientCertificate { get; init; } = true;

    /// <summary>Require this user name and <see cref="Password"/> (anonymous access off).</summary>
    public string? Username { get; init; }

    /// <summary>The password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }
}

/// <summary>Certificates made by the fixture with openssl.</summary>
public sealed record TestCertificates(string CaFile, string ServerCert, string ServerKey, string ClientCert, string ClientKey);

/// <summary>
/// A real mosquitto broker on a free loopback port, with its own configuration and log file in a temporary folder.
/// <see cref="LoggedErrors"/> lists the broker's error lines so a test can fail on them. Stop and restart keep the port.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    /// <summary>The broker executable (Debian's mosquitto package).</summary>
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly TempDir _dir;
    private readonly string _configPath;
    private Process? _process;

    private MosquittoBroker(BrokerSettings settings)
    {
        Settings = settings;
        _dir = Repo.TempDir("edge-broker");
        Port = FreePort();
        LogPath = _dir.File("mosquitto.log");
        if (settings.Tls)
        {
            Certificates = MakeCertificates(_dir);
        }
        _configPath = _dir.File("mosquitto.conf");
        File.WriteAllText(_configPath, Config());
    }

    /// <summary>The settings it was started with.</summary>
    public BrokerSettings Settings { get; }

    /// <summary>Always the loopback address.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The listener's port (kept across restarts).</summary>
    public int Port { get; }

    /// <summary>The broker's log file.</summary>
    public string LogPath { get; }

    /// <summary>The certificates, when <see cref="BrokerSettings.Tls"/>.</summary>
    public TestCertificates? Certificates { get; }

    /// <summary>Whether the broker process runs.</summary>
    public bool Running => _process is { HasExited: false };

    /// <summary>Starts a broker and waits until it accepts connections.</summary>
    public static MosquittoBroker Start(BrokerSettings? settings = null)
    {
        var broker = new MosquittoBroker(settings ?? new BrokerSettings());
        try
        {
            broker.Restart();
        }
        catch
        {
            broker.Dispose();
            throw;
        }
        return broker;
    }

    /// <summary>(Re)starts the broker on the same port and waits until it accepts connections.</summary>
    public void Restart()
    {
        if (Running)
        {
            throw new InvalidOperationException("broker already running");
        }
        _process = ProcessRunner.Start(Executable, ["-c", _configPath], _dir.Path, null, out _, out var stderr);
        Eventually.True(() => CanConnect() || _process.HasExited, TimeSpan.FromSeconds(10), $"mosquitto listening on {Port}");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {stderr}\n{Log}");
        }
    }

    /// <summary>Stops the broker with SIGTERM (it saves persistence on the way out) and waits for it to exit.</summary>
    public void Stop()
    {
        if (_process is not { } process)
        {
            return;
        }
        if (!process.HasExited)
        {
            ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        process.Dispose();
        _process = null;
    }

    /// <summary>The whole log so far.</summary>
    public string Log => File.Exists(LogPath) ? ReadShared(LogPath) : "";

    /// <summary>The log's error lines, except those containing one of <paramref name="expected"/>.</summary>
    public IReadOnlyList<string> LoggedErrors(params string[] expected) =>
        Log.Split('\n').Where(l => l.Contains(": Error", StringComparison.Ordinal) && !expected.Any(x => l.Contains(x, StringComparison.Ordinal))).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _dir.Dispose();
    }

    private bool CanConnect()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string Config()
    {
        var c = new StringBuilder();
        c.AppendLine($"listener {Port} 127.0.0.1");
        c.AppendLine($"user {Environment.UserName}");
        c.AppendLine($"log_dest file {LogPath}");
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        c.AppendLine("log_type notice");
        c.AppendLine("log_type information");
        c.AppendLine("connection_messages true");
        // No limit on messages queued for a slow or offline subscriber: the tests count every message.
        c.AppendLine("max_queued_messages 0");
        if (Settings.Persistence)
        {
            c.AppendLine("persistence true");
            c.AppendLine($"persistence_location {_dir.Path}/");
        }
        else
        {
            c.AppendLine("persistence false");
        }
        if (Settings.Username is not null)
        {
            var passwords = _dir.File("passwd");
            var result = ProcessRunner.Run("mosquitto_passwd", ["-b", "-c", passwords, Settings.Username, Settings.Password ?? ""], TimeSpan.FromSeconds(10));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("mosquitto_passwd failed: " + result);
            }
            c.AppendLine("allow_anonymous false");
            c.AppendLine($"password_file {passwords}");
        }
        else
        {
            c.AppendLine("allow_anonymous true");
        }
        if (Certificates is { } certs)
        {
            c.AppendLine($"cafile {certs.CaFile}");
            c.AppendLine($"certfile {certs.ServerCert}");
            c.AppendLine($"keyfile {certs.ServerKey}");
            c.AppendLine(Settings.RequireClientCertificate ? "require_certificate true" : "require_certificate false");
        }
        return c.ToString();
    }

    private static TestCertificates MakeCertificates(TempDir dir)
    {
        void OpenSsl(params string[] args)
        {
            var result = ProcessRunner.Run("openssl", args, TimeSpan.FromSeconds(30), dir.Path);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("openssl failed: " + result);
            }
        }
        string[] ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        OpenSsl(["req", "-x509", .. ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=edge-test-ca-" + Guid.NewGuid().ToString("N")]);
        File.WriteAllText(dir.File("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        OpenSsl(["req", .. ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
        OpenSsl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        OpenSsl(["req", .. ec, "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=edge-test-client"]);
        OpenSsl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "2");
        return new TestCertificates(dir.File("ca.crt"), dir.File("server.crt"), dir.File("server.key"), dir.File("client.crt"), dir.File("client.key"));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
