using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>Stopping an `edge` child process the way systemd does, and cleaning up after a failed test.</summary>
internal static class EdgeProcess
{
    /// <summary>
    /// Starts `edge run --profile sample` (the bundled recording at real time) publishing to <paramref name="broker"/>
    /// under <paramref name="prefix"/>, its outbox in <paramref name="dir"/>, with <paramref name="settings"/> as
    /// further EDGE_ variables.
    /// </summary>
    public static Process StartSample(MosquittoBroker broker, string prefix, TempDir dir, out StringBuilder stderr,
        params (string Name, string Value)[] settings) => StartSample(broker, prefix, dir, out _, out stderr, settings);

    /// <summary>As above, keeping standard output (the summary) too.</summary>
    public static Process StartSample(MosquittoBroker broker, string prefix, TempDir dir, out StringBuilder stdout, out StringBuilder stderr,
        params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string?>
        {
            ["EDGE_HOME"] = Repo.Root,
            ["EDGE_Mqtt__Host"] = broker.Host,
            ["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGE_Mqtt__TopicPrefix"] = prefix,
            ["EDGE_Mqtt__Outbox__Path"] = dir.File("outbox.journal"),
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }
        return ProcessRunner.Start("dotnet", [typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location, "run", "--profile", "sample"], Repo.Root,
            environment, out stdout, out stderr);
    }

    /// <summary>Sends SIGTERM and asserts a clean exit (code 0) within 10 s; <paramref name="stderr"/> goes in the failure.</summary>
    public static void Terminate(Process process, object stderr)
    {
        ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "edge run stops on SIGTERM\n" + Text(stderr));
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{Text(stderr)}");
    }

    /// <summary>Kills the process tree if a failed assertion left it running.</summary>
    public static void KillIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static string? Text(object stderr)
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }
}
