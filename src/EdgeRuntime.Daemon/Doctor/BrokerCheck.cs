using EdgeRuntime.Output;
using EdgeRuntime.Output.Console;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The configured MQTT broker, reached with a real connection (<see cref="BrokerProbe"/>) using the configured
/// credentials and TLS; passes saying so when no broker is configured (events then go to standard output and the
/// JSONL copy).
/// </summary>
internal sealed class BrokerCheck(MqttOptions options, JsonlOptions jsonl, TimeSpan timeout) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "broker";

    /// <inheritdoc />
    public CheckResult Run()
    {
        if (!options.Enabled)
        {
            return CheckResult.Pass(Name, "not configured (Mqtt:Host is empty): events go to standard output" + (jsonl.Enabled ? " and " + jsonl.Path : ""));
        }
        var where = $"{options.Host}:{options.Port}{(options.TlsEnabled ? " (TLS)" : "")}";
        var who = options.Username is null ? "anonymously" : $"as user {options.Username} (password: {(options.Password is null ? "none" : "from " + options.PasswordSource)})";
        var (answer, detail) = BrokerProbe.Connect(options, timeout);
        return answer switch
        {
            BrokerAnswer.Accepted => CheckResult.Pass(Name, $"{where} accepted the connection {who}"),
            BrokerAnswer.Refused => CheckResult.Fail(Name, $"{where} refused the connection {who}: {detail}",
                "check Mqtt:Username and the password (Mqtt:Password, Mqtt:PasswordFile or Mqtt:PasswordCredential) against the broker's password file and ACL"),
            BrokerAnswer.TimedOut => CheckResult.Fail(Name, $"{where}: {detail}",
                "check Mqtt:Host and Mqtt:Port, and that no firewall drops the port (and Mqtt:Tls for a TLS listener)"),
            _ => CheckResult.Fail(Name, $"cannot connect to {where}: {detail}",
                $"start the broker (sudo systemctl start mosquitto) or set Mqtt:Host and Mqtt:Port to where it listens"),
        };
    }
}
