using System.Diagnostics;
using EdgeRuntime.Output;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// `edge run --profile sample` as a real process ended by SIGTERM while the real broker is down or refuses the login:
/// it exits 0 within 2 s, prints the summary, and leaves the undelivered events in the outbox for the next start.
/// </summary>
[Collection(ShutdownTiming.Name)]
public sealed class BrokerDownShutdownTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void Ending_while_the_broker_is_down_exits_0_within_2_s_with_the_summary_and_the_outbox_kept()
    {
        using var broker = MosquittoBroker.Start();
        broker.Stop(); // its port now refuses connections
        EndsCleanlyKeepingTheOutbox(broker, "cannot connect");
    }

    [Fact]
    public void Ending_while_the_broker_refuses_the_login_exits_0_within_2_s_with_the_summary_and_the_outbox_kept()
    {
        using var broker = MosquittoBroker.Start(new BrokerSettings { Username = "edge", Password = "right" });
        EndsCleanlyKeepingTheOutbox(broker, "refused the connection", ("EDGE_Mqtt__Username", "edge"), ("EDGE_Mqtt__Password", "wrong"));
    }

    private static void EndsCleanlyKeepingTheOutbox(MosquittoBroker broker, string brokerLine, params (string Name, string Value)[] settings)
    {
        using var dir = Repo.TempDir();
        var journal = dir.File("outbox.journal");
        using var process = EdgeProcess.StartSample(broker, "edge-down", dir, out var stdout, out var stderr, settings);
        try
        {
            string Err() { lock (stderr) { return stderr.ToString(); } }
            Eventually.True(() => process.HasExited || (Err().Contains(brokerLine, StringComparison.Ordinal)
                && File.Exists(journal) && new FileInfo(journal).Length > 0), Deadline, "events journaled while the broker is unavailable");
            Assert.False(process.HasExited, "edge run ended early\n" + Err());

            var clock = Stopwatch.StartNew();
            Signals.Send(process.Id, Signals.Terminate);
            var exited = process.WaitForExit(TimeSpan.FromSeconds(10));
            clock.Stop();
            Assert.True(exited, "edge run stops on SIGTERM\n" + Err());
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{Err()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped in {clock.Elapsed.TotalSeconds:F2} s\n{Err()}");
            Assert.DoesNotContain("Unhandled exception", Err(), StringComparison.Ordinal);
            lock (stdout)
            {
                Assert.Contains("summary: ", stdout.ToString(), StringComparison.Ordinal);
            }

            var kept = OutboxJournal.Open(new OutboxOptions(journal, 64L << 20, FsyncPolicy.Every, TimeSpan.Zero), NullLogger.Instance);
            using (kept)
            {
                Assert.True(kept.Records.Count > 0, "the outbox keeps the undelivered events");
                Assert.Contains($"{kept.Records.Count} event message(s) not delivered to the broker", Err(), StringComparison.Ordinal);
            }
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
