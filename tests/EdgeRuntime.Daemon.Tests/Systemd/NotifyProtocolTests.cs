using System.Globalization;
using EdgeRuntime.Daemon.Tests.Cli;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Systemd;

/// <summary>
/// `edge run` as a real child process speaking sd_notify to a real Unix datagram socket, as it would to systemd with
/// Type=notify and WatchdogSec=.
/// </summary>
public sealed class NotifyProtocolTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Run_says_READY_after_loading_feeds_the_watchdog_while_frames_flow_and_says_STOPPING_on_SIGTERM()
    {
        using var dir = Repo.TempDir();
        using var listener = new NotifyListener(dir);
        using var process = LiveRun.Start(new Dictionary<string, string?>
        {
            [global::EdgeRuntime.Daemon.Hosting.Systemd.SdNotify.SocketVariable] = listener.Path,
            // WatchdogSec=6s: a WATCHDOG=1 every 1.5 s while the fast path moved in the last 3 s.
            [global::EdgeRuntime.Daemon.Hosting.Systemd.ServiceWatchdog.TimeoutVariable] = "6000000",
        }, out _, out var stderr);
        try
        {
            Eventually.True(() => process.HasExited || listener.Count("READY=1") == 1, Deadline, "READY=1\n" + stderr);
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);
            Eventually.True(() => process.HasExited || listener.Count("WATCHDOG=1") >= 3, Deadline, "three WATCHDOG=1\n" + stderr);
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);
            lock (stderr)
            {
                Assert.Contains("fed while the fast path's heartbeat moves", stderr.ToString(), StringComparison.Ordinal);
            }

            Signal(process, "TERM", stderr);
            var received = listener.Received.Select(r => r.Text).ToList();
            Assert.Equal("READY=1", received[0]);
            Assert.Equal(1, received.Count(r => r == "STOPPING=1"));
            Assert.All(received.Skip(1).TakeWhile(r => r != "STOPPING=1"), r => Assert.Equal("WATCHDOG=1", r));
            Assert.DoesNotContain("READY=1", received.Skip(1));
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }

    [Fact]
    public void With_both_sensors_paused_the_idle_fast_path_still_feeds_the_watchdog()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var listener = new NotifyListener(dir);
        using var client = new TestMqttClient(broker, "notify-pause-test", subscriptions: "edge-notify-pause/#").WaitConnected();
        using var process = LiveRun.Start(new()
        {
            ["EDGE_Mqtt__Host"] = broker.Host,
            ["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGE_Mqtt__TopicPrefix"] = "edge-notify-pause",
            ["EDGE_Mqtt__Outbox__Path"] = dir.File("outbox.journal"),
            [global::EdgeRuntime.Daemon.Hosting.Systemd.SdNotify.SocketVariable] = listener.Path,
            [global::EdgeRuntime.Daemon.Hosting.Systemd.ServiceWatchdog.TimeoutVariable] = "6000000",
        }, out _, out var stderr);
        try
        {
            Eventually.True(() => process.HasExited || listener.Count("READY=1") == 1, Deadline, "READY=1\n" + stderr);
            // READY comes before the broker connection is made: a command published before the daemon subscribed is
            // lost (MQTT keeps no unretained message for a subscriber yet to come). A first event says it is connected.
            Eventually.True(() => process.HasExited || client.On("edge-notify-pause/events").Count > 0, Deadline, "a first event\n" + stderr);
            foreach (var sensor in new[] { "camera", "microphone" })
            {
                client.Publish($"edge-notify-pause/{sensor}/set", "OFF"u8.ToArray(), qos: 1);
                Eventually.True(() => client.On($"edge-notify-pause/{sensor}/state").LastOrDefault()?.Text == "OFF", Deadline, sensor + " state OFF");
            }
            // Nothing reaches the cascade now; its feed still passes, so the watchdog keeps being fed (no restart).
            var before = listener.Count("WATCHDOG=1");
            Eventually.True(() => process.HasExited || listener.Count("WATCHDOG=1") >= before + 4, Deadline, "four more WATCHDOG=1 while paused\n" + stderr);
            Assert.False(process.HasExited, "edge run ended early\n" + stderr);
            lock (stderr)
            {
                Assert.DoesNotContain("no longer feeding the systemd watchdog", stderr.ToString(), StringComparison.Ordinal);
            }
            Signal(process, "TERM", stderr);
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }

    /// <summary>
    /// Sends the signal and waits for the process to end. The exit code and the 2 s stop budget are RunLifecycleTests'
    /// subject; here only what the daemon told the service manager is.
    /// </summary>
    private static void Signal(System.Diagnostics.Process process, string signal, object stderr)
    {
        ProcessRunner.Run("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"edge run stops on SIG{signal}\n" + stderr);
        process.WaitForExit();
    }

    [Fact]
    public void Without_a_cascade_the_watchdog_is_fed_by_the_daemon_and_STOPPING_follows_SIGINT()
    {
        using var dir = Repo.TempDir();
        using var listener = new NotifyListener(dir);
        using var process = ProcessRunner.Start("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, "run"], Repo.Root,
            new Dictionary<string, string?>
            {
                ["EDGE_HOME"] = Repo.Root,
                ["EDGE_Output__Jsonl__Path"] = "",
                [global::EdgeRuntime.Daemon.Hosting.Systemd.SdNotify.SocketVariable] = listener.Path,
                [global::EdgeRuntime.Daemon.Hosting.Systemd.ServiceWatchdog.TimeoutVariable] = "2000000",
            }, out _, out var stderr);
        try
        {
            Eventually.True(() => process.HasExited || listener.Count("WATCHDOG=1") >= 2, Deadline, "READY=1 and two WATCHDOG=1\n" + stderr);
            Assert.Equal("READY=1", listener.Received[0].Text);
            Signal(process, "INT", stderr);
            Assert.Equal(1, listener.Count("STOPPING=1"));
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
