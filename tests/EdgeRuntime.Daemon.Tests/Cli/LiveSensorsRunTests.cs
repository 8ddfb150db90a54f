using System.Diagnostics;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// `edge run` with live sensor sources (here the sensors' replay camera and replay microphone on the bundled sample
/// recording, the same rings a V4L2 camera and a PortAudio microphone fill) runs the cascade on the rings.
/// </summary>
public sealed class LiveSensorsRunTests
{
    [Fact]
    public void Run_with_live_sources_feeds_the_cascade_from_the_sensor_rings_and_stops_on_SIGINT()
    {
        using var process = LiveRun.Start([], out var stdout, out var stderr);
        try
        {
            Eventually.True(() =>
            {
                string output;
                lock (stdout) output = stdout.ToString();
                return output.Contains("\"type\":\"new\"", StringComparison.Ordinal) && output.Contains("\"topic\":\"edge/scene\"", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(60), "a new-object event and a scene description from the live rings");

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)), "edge run did not stop after SIGINT\n" + stderr);
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            var log = stderr.ToString();
            Assert.Contains("running the cascade on the live sensor rings", log, StringComparison.Ordinal);
            Assert.Contains("camera: replaying", log, StringComparison.Ordinal);
            Assert.Contains("audio: replaying", log, StringComparison.Ordinal);
            var output = stdout.ToString();
            Assert.Contains("summary:", output, StringComparison.Ordinal);
            Assert.Contains("\"payload\":\"stopped\"", output, StringComparison.Ordinal);
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
