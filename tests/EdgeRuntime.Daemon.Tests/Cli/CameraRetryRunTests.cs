using System.Globalization;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// `edge run` with a V4L2 camera whose device node does not exist (the real open(2) on /dev/video99) and the live
/// replay microphone: the camera is retried with backoff while the cascade runs on audio alone, and SIGTERM ends it cleanly.
/// </summary>
public sealed class CameraRetryRunTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void A_camera_that_fails_to_open_is_retried_while_the_daemon_runs_degraded_on_the_microphone()
    {
        using var process = ProcessRunner.Start("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location,
                .. LiveRun.Arguments("--set", "Camera:Source=v4l2", "--set", "Camera:Device=/dev/video99")],
            Repo.Root, new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Output__Jsonl__Path"] = "" }, out var stdout, out var stderr);
        try
        {
            string Err() { lock (stderr) { return stderr.ToString(); } }
            string Out() { lock (stdout) { return stdout.ToString(); } }
            Eventually.True(() => process.HasExited || (Err().Contains("(attempt 4)", StringComparison.Ordinal)
                && Out().Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal)), Deadline,
                "the camera retried four times and a scene described from the microphone meanwhile");
            Assert.False(process.HasExited, "edge run ended\n" + Err());
            Assert.Contains("camera: cannot use /dev/video99: open(/dev/video99) failed: No such file or directory", Err(), StringComparison.Ordinal);
            Assert.DoesNotContain("component camera failed", Err(), StringComparison.Ordinal);

            ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "edge run stops on SIGTERM\n" + Err());
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{Err()}");
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
