using System.Diagnostics;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>`edge run` as a real child process: starts, logs what it runs, and stops cleanly on a signal.</summary>
[Collection(ShutdownTiming.Name)]
public sealed class RunLifecycleTests
{
    private static string EdgeDll => typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void Run_stops_cleanly_with_exit_code_0_within_2_seconds_of_a_signal(string signal)
    {
        using var process = ProcessRunner.Start("dotnet", [EdgeDll, "run"], Repo.Root,
            new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Output__Jsonl__Path"] = "" }, out var stdout, out var stderr);
        try
        {
            Eventually.True(() => { lock (stderr) return stderr.ToString().Contains("waiting for SIGINT/SIGTERM", StringComparison.Ordinal); },
                TimeSpan.FromSeconds(30), "edge run reports that it is running");

            var clock = Stopwatch.StartNew();
            Signals.Send(process.Id, Signals.Parse(signal));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(2)), $"edge run did not stop within 2 s of SIG{signal}\n{stderr}");
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            var log = stderr.ToString();
            Assert.Contains($"received SIG{signal}", log, StringComparison.Ordinal);
            Assert.Contains("pipeline stopped", log, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
