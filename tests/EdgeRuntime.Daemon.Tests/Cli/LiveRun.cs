using System.Diagnostics;
using System.Text;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// Starts `edge run` with live sensor sources: the sensors' replay camera and replay microphone on the bundled sample
/// recording, which fill the same rings a V4L2 camera and a PortAudio microphone would.
/// </summary>
internal static class LiveRun
{
    public static Process Start(Dictionary<string, string?> environment, out StringBuilder stdout, out StringBuilder stderr)
    {
        environment["EDGE_HOME"] = Repo.Root;
        environment.TryAdd("EDGE_Output__Jsonl__Path", ""); // no copy in the checkout's var/ unless a test asks for one
        return ProcessRunner.Start("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, .. Arguments()],
            Repo.Root, environment, out stdout, out stderr);
    }

    /// <summary>`run` and the settings that select the live replay sources, then <paramref name="extra"/>.</summary>
    public static string[] Arguments(params string[] extra)
    {
        var video = Repo.Path(".deps", "scenarios", "sample", "video.mp4");
        var audio = Repo.Path(".deps", "scenarios", "sample", "audio.wav");
        Assert.True(File.Exists(video) && File.Exists(audio), "the sample scenario is made by tools/bootstrap.sh");
        return ["run",
            "--set", "Camera:Source=replay", "--set", "Camera:ReplayFile=" + video,
            "--set", "Audio:Source=replay", "--set", "Audio:ReplayFile=" + audio,
            "--set", "Speech:Enabled=false", .. extra];
    }
}
