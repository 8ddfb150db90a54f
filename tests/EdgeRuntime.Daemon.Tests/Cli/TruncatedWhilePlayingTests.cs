using System.Globalization;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// A recording that passed the start-up check and is cut while `edge run` plays it (the real process, the live replay
/// sources): the sensor fails with one line naming the file, and the run ends with exit 1, not a silent 0.
/// </summary>
public sealed class TruncatedWhilePlayingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("audio")]
    [InlineData("camera")]
    public void A_recording_cut_while_it_plays_is_logged_naming_the_file_and_the_run_exits_1(string sensor) // the component's name
    {
        using var dir = Repo.TempDir();
        var camera = sensor == "camera";
        var file = dir.File(camera ? "cut.mp4" : "cut.wav");
        File.Copy(Repo.Path(".deps", "scenarios", "sample", camera ? "video.mp4" : "audio.wav"), file);
        // Only the sensor under test: its failure is the only thing that can make the run fail.
        string[] source = camera
            ? ["--set", "Camera:Source=replay", "--set", "Camera:ReplayFile=" + file, "--set", "Audio:Source=none"]
            : ["--set", "Audio:Source=replay", "--set", "Audio:ReplayFile=" + file, "--set", "Camera:Source=none"];
        using var process = ProcessRunner.Start("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, "run", .. source, "--set", "Speech:Enabled=false"],
            Repo.Root, new Dictionary<string, string?> { ["EDGE_HOME"] = Repo.Root, ["EDGE_Output__Jsonl__Path"] = "" }, out _, out var stderr);
        try
        {
            string Log()
            {
                lock (stderr)
                {
                    return stderr.ToString();
                }
            }
            Eventually.True(() => process.HasExited || Log().Contains("replaying " + file, StringComparison.Ordinal), Deadline, "the replay starts\n" + Log());
            Assert.False(process.HasExited, Log());
            var third = (new FileInfo(file).Length / 3).ToString(CultureInfo.InvariantCulture);
            Assert.Equal(0, ProcessRunner.Run("truncate", ["-s", third, file], TimeSpan.FromSeconds(10)).ExitCode);

            Eventually.True(() => process.HasExited || Log().Contains($"component {sensor} failed: '{file}'", StringComparison.Ordinal), Deadline,
                "the sensor fails naming the file");
            Assert.Contains($"component {sensor} failed: '{file}'", Log(), StringComparison.Ordinal);
            var line = Log().Split('\n').Single(l => l.Contains($"component {sensor} failed", StringComparison.Ordinal));
            Assert.Contains("truncated", line, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?m)^\s+at ", Log());

            // The failed sensor's stream never completes, so the cascade waits on it: stop the run the way systemd would.
            if (!process.HasExited)
            {
                ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            }
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), Log());
            process.WaitForExit();
            Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}\n{Log()}");
        }
        finally
        {
            EdgeProcess.KillIfRunning(process);
        }
    }
}
