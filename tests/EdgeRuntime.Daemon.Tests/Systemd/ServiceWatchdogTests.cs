using EdgeRuntime.Daemon.Hosting.Systemd;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Daemon.Tests.Systemd;

/// <summary>
/// The watchdog's rule, with a manual clock and a real notification socket: WATCHDOG=1 only while the heartbeat moved
/// within half the timeout, so systemd restarts a wedged pipeline and never a working one.
/// </summary>
public sealed class ServiceWatchdogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_watchdog_is_fed_while_the_heartbeat_moves_starves_when_it_stands_still_and_is_fed_again_when_it_moves()
    {
        using var dir = Repo.TempDir();
        using var listener = new NotifyListener(dir);
        using var notify = SdNotify.FromEnvironment(new Dictionary<string, string?> { [SdNotify.SocketVariable] = listener.Path })!;
        var time = new ManualTimeProvider();
        long beats = 0; // the heartbeat count the watchdog samples
        var watchdog = new ServiceWatchdog(notify, Timeout, () => beats, time, NullLogger.Instance);

        for (var i = 0; i < 8; i++)
        {
            beats++;
            time.Advance(Timeout / 4);
            Assert.True(watchdog.Tick());
        }
        Assert.Equal(8, listener.Count("WATCHDOG=1"));

        // Wedged: the count stands still. Fed for under half the timeout, then silent however long it lasts.
        time.Advance(Timeout / 4);
        Assert.True(watchdog.Tick());
        time.Advance(Timeout / 4);
        Assert.False(watchdog.Tick());
        time.Advance(Timeout);
        Assert.False(watchdog.Tick());
        Assert.Equal(9, listener.Count("WATCHDOG=1"));

        beats++;
        time.Advance(Timeout / 4);
        Assert.True(watchdog.Tick());
        Assert.Equal(10, listener.Count("WATCHDOG=1"));
    }

    [Fact]
    public void Without_a_heartbeat_to_watch_every_tick_feeds_the_watchdog()
    {
        using var dir = Repo.TempDir();
        using var listener = new NotifyListener(dir);
        using var notify = SdNotify.FromEnvironment(new Dictionary<string, string?> { [SdNotify.SocketVariable] = listener.Path })!;
        var time = new ManualTimeProvider();
        var watchdog = new ServiceWatchdog(notify, Timeout, progress: null, time, NullLogger.Instance);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(Timeout);
            Assert.True(watchdog.Tick());
        }
        Assert.Equal(5, listener.Count("WATCHDOG=1"));
    }

    [Theory]
    [InlineData("20000000", null, 20.0)]
    [InlineData("20000000", "self", 20.0)]
    [InlineData("20000000", "1", null)]
    [InlineData("", null, null)]
    [InlineData("soon", null, null)]
    public void The_timeout_is_read_from_WATCHDOG_USEC_when_WATCHDOG_PID_is_absent_or_this_process(string usec, string? pid, double? seconds)
    {
        var environment = new Dictionary<string, string?> { [ServiceWatchdog.TimeoutVariable] = usec };
        if (pid is not null)
        {
            environment[ServiceWatchdog.PidVariable] = pid == "self" ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : pid;
        }
        Assert.Equal(seconds, ServiceWatchdog.TimeoutFrom(environment)?.TotalSeconds);
    }

    [Fact]
    public void A_notification_socket_that_is_not_there_is_a_configuration_error_naming_NOTIFY_SOCKET()
    {
        using var dir = Repo.TempDir();
        var e = Assert.Throws<EdgeRuntime.Core.Configuration.ConfigurationValidationException>(
            () => SdNotify.FromEnvironment(new Dictionary<string, string?> { [SdNotify.SocketVariable] = dir.File("absent.sock") }));
        Assert.Contains("NOTIFY_SOCKET", e.Message, StringComparison.Ordinal);
        Assert.Null(SdNotify.FromEnvironment(new Dictionary<string, string?>()));
    }
}
