using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Tests.Mqtt;

/// <summary>TLS without a CA file trusts the system certificate store, and only it.</summary>
public sealed class MqttTrustTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Tls_without_a_CA_file_verifies_the_broker_against_the_system_store_in_etc_ssl_certs()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Tls = true, RequireClientCertificate = false });
        env.ExpectErrors("certificate verify failed", "OpenSSL Error", "TLS", "protocol error");
        var sub = env.Client(patterns: env.Prefix + "/events");
        var options = env.Options() with { CaFile = null, CertFile = null, KeyFile = null, Tls = true };
        Assert.Equal("/etc/ssl/certs", options.CaPath);
        var publisher = env.Publisher(options);
        for (var i = 0; i < 10; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }

        // The fixture's CA is not in the system store yet: the broker's certificate is refused, nothing is sent in clear.
        Eventually.True(() => env.Logs.Entries.Any(e => e.Message.Contains("certificate verify failed", StringComparison.Ordinal)), Deadline,
            "the broker's certificate refused");
        Assert.False(publisher.Connected);
        Assert.Empty(env.Events(sub));

        // Trusted by the system store (as update-ca-certificates would do): the next attempt connects.
        using var trusted = SystemStoreEntry.Add(env.Broker.Certificates!.CaFile);
        Eventually.True(() => env.Events(sub).Count >= 10, Deadline, "10 events once the CA is in /etc/ssl/certs");
        MqttTestEnvironment.AssertAllInOrder(env.Events(sub), 10);
        Assert.Equal(1, env.Logs.Count(LogLevel.Information, "over TLS trusting /etc/ssl/certs"));
    }

    /// <summary>A CA placed in /etc/ssl/certs under its subject hash (the lookup OpenSSL's CA directory uses) for one test.</summary>
    private sealed class SystemStoreEntry : IDisposable
    {
        private readonly string _link;

        private SystemStoreEntry(string link) => _link = link;

        public static SystemStoreEntry Add(string caFile)
        {
            var hash = ProcessRunner.Run("openssl", ["x509", "-hash", "-noout", "-in", caFile], TimeSpan.FromSeconds(30));
            Assert.True(hash.ExitCode == 0, hash.ToString());
            var stem = Path.Combine("/etc/ssl/certs", hash.StdOut.Trim());
            var n = 0;
            while (File.Exists($"{stem}.{n}") || Directory.Exists($"{stem}.{n}"))
            {
                n++;
            }
            var link = $"{stem}.{n}";
            File.CreateSymbolicLink(link, caFile);
            return new SystemStoreEntry(link);
        }

        public void Dispose() => File.Delete(_link);
    }
}
