using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Output.Tests.Mqtt;

/// <summary>
/// The MQTT password from a file or a systemd credential, checked by a real mosquitto with a password_file made by
/// mosquitto_passwd; the password never appears in a log line, an error or the options' text.
/// </summary>
public sealed class MqttPasswordTests
{
    private const string Secret = "pa55-from-a-file";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static (MqttOptions Options, ConfigReader Reader) Read(string? credentialsDirectory, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var reader = new ConfigReader(configuration);
        return (MqttOptions.Read(reader.Section("Mqtt"), "/opt/edge", credentialsDirectory), reader);
    }

    [Fact]
    public void A_password_read_from_Mqtt_PasswordFile_logs_in_and_is_never_printed()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Username = "edge", Password = Secret });
        File.WriteAllText(env.Dir.File("mqtt-password"), Secret + "\n");
        var (read, reader) = Read(null, ("Mqtt:Host", env.Broker.Host), ("Mqtt:Username", "edge"), ("Mqtt:PasswordFile", env.Dir.File("mqtt-password")));
        reader.ThrowIfInvalid();
        Assert.Equal(Secret, read.Password);
        Assert.Equal("file " + env.Dir.File("mqtt-password"), read.PasswordSource);

        DeliversWithoutPrinting(env, read);
    }

    [Fact]
    public void A_systemd_credential_is_read_by_name_or_by_default_from_CREDENTIALS_DIRECTORY()
    {
        using var env = new MqttTestEnvironment(new BrokerSettings { Username = "edge", Password = Secret });
        var credentials = Directory.CreateDirectory(env.Dir.File("credentials")).FullName;
        File.WriteAllText(Path.Combine(credentials, "broker"), Secret);
        File.WriteAllText(Path.Combine(credentials, MqttOptions.DefaultCredential), Secret + "\n");

        var (named, reader) = Read(credentials, ("Mqtt:Host", env.Broker.Host), ("Mqtt:Username", "edge"), ("Mqtt:PasswordCredential", "broker"));
        reader.ThrowIfInvalid();
        Assert.Equal((Secret, "systemd credential broker"), (named.Password, named.PasswordSource));

        var (byDefault, defaultReader) = Read(credentials, ("Mqtt:Host", env.Broker.Host), ("Mqtt:Username", "edge"));
        defaultReader.ThrowIfInvalid();
        Assert.Equal((Secret, "systemd credential " + MqttOptions.DefaultCredential), (byDefault.Password, byDefault.PasswordSource));

        DeliversWithoutPrinting(env, byDefault);
    }

    [Fact]
    public void A_missing_password_file_or_credential_and_two_sources_at_once_are_errors_naming_the_key_not_the_password()
    {
        var (_, missingFile) = Read(null, ("Mqtt:PasswordFile", "/nonexistent/mqtt-password"));
        var error = Assert.Throws<ConfigurationValidationException>(missingFile.ThrowIfInvalid);
        Assert.Contains("Mqtt:PasswordFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/mqtt-password", error.Message, StringComparison.Ordinal);

        var (_, noDirectory) = Read(null, ("Mqtt:PasswordCredential", "broker"));
        error = Assert.Throws<ConfigurationValidationException>(noDirectory.ThrowIfInvalid);
        Assert.Contains("Mqtt:PasswordCredential", error.Message, StringComparison.Ordinal);
        Assert.Contains("CREDENTIALS_DIRECTORY", error.Message, StringComparison.Ordinal);

        var (_, both) = Read(null, ("Mqtt:Password", Secret), ("Mqtt:PasswordFile", "/etc/edge/mqtt-password"));
        error = Assert.Throws<ConfigurationValidationException>(both.ThrowIfInvalid);
        Assert.Contains("only one of Mqtt:Password, Mqtt:PasswordFile and Mqtt:PasswordCredential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    private static void DeliversWithoutPrinting(MqttTestEnvironment env, MqttOptions read)
    {
        var options = env.Options() with { Password = read.Password, PasswordSource = read.PasswordSource };
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = (from ", options.ToString(), StringComparison.Ordinal);
        var sub = env.Client(patterns: env.Prefix + "/events");
        var publisher = env.Publisher(options);
        for (var i = 0; i < 5; i++)
        {
            publisher.Publish(SyntheticEvents.Numbered(i));
        }
        Eventually.True(() => env.Events(sub).Count >= 5, Deadline, "5 events after logging in with the password");
        Assert.True(env.Logs.Entries.Count > 0);
        Assert.DoesNotContain(env.Logs.Entries, e => e.ToString().Contains(Secret, StringComparison.Ordinal));
    }
}
