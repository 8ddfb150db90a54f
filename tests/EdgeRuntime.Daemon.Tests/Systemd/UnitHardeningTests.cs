using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeRuntime.Daemon.Tests.Systemd;

/// <summary>hardware/systemd/edge.service as systemd itself reads it.</summary>
public sealed partial class UnitHardeningTests
{
    private static readonly string Unit = Repo.Path("hardware", "systemd", "edge.service");

    [Fact]
    public void Systemd_analyze_security_rates_the_unit_an_exposure_of_at_most_3()
    {
        // systemd-analyze comes with the systemd package (tools/apt-packages.txt); --offline reads the file, no running systemd needed.
        var result = ProcessRunner.Run("systemd-analyze", ["security", "--offline=true", "--no-pager", Unit], TimeSpan.FromSeconds(60));
        var overall = Overall().Match(result.StdOut + result.StdErr);
        Assert.True(overall.Success, result.ToString());
        var exposure = double.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 3.0, $"exposure {exposure}\n{result}");
    }

    [Fact]
    public void The_unit_is_notify_type_with_a_watchdog_and_keeps_what_the_daemon_needs()
    {
        var lines = File.ReadAllLines(Unit).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("Type=notify", lines);
        Assert.Contains(lines, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("CapabilityBoundingSet=", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("StateDirectory=edge", lines);
        // Under ProtectSystem=strict only the state directory is writable: the outbox and the JSONL copy must live there.
        Assert.Contains("Environment=EDGE_Mqtt__Outbox__Path=%S/edge/mqtt-outbox.journal", lines);
        Assert.Contains("Environment=EDGE_Output__Jsonl__Path=%S/edge/events.jsonl", lines);
        foreach (var device in new[] { "char-video4linux", "char-alsa", "char-gpiochip", "char-i2c" })
        {
            Assert.Contains($"DeviceAllow={device} rw", lines);
        }
        // MQTT over IPv4/IPv6, sd_notify and the journal over Unix sockets.
        Assert.Contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", lines);
    }

    [GeneratedRegex(@"Overall exposure level for edge\.service: (\d+\.\d+)")]
    private static partial Regex Overall();
}
