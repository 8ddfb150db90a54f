using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Daemon.Tests.Cli;

public sealed class RunOutputTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static (Process Process, StringBuilder Out, StringBuilder Err) StartRun(TempDir dir, Dictionary<string, string?> environment)
    {
        environment["EDGE_HOME"] = Repo.Root;
        environment["EDGE_Mqtt__Outbox__Path"] = dir.File("outbox.journal");
        environment["EDGE_Output__Jsonl__Path"] = dir.File("events.jsonl");
        var edge = typeof(EdgeRuntime.Daemon.Cli.ExitCodes).Assembly.Location;
        var process = ProcessRunner.Start("dotnet", [edge, "run"], null, environment, out var stdout, out var stderr);
        return (process, stdout, stderr);
    }

    [Fact]
    public void Run_publishes_online_then_stopped_to_the_broker_named_by_EDGE_Mqtt_variables()
    {
        using var broker = MosquittoBroker.Start();
        using var dir = Repo.TempDir();
        using var sub = new TestMqttClient(broker, "watch", subscriptions: "edge-run-test/#").WaitConnected();
        var (process, _, stderr) = StartRun(dir, new()
        {
            ["EDGE_Mqtt__Host"] = broker.Host,
            ["EDGE_Mqtt__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["EDGE_Mqtt__TopicPrefix"] = "edge-run-test",
        });
        using (process)
        {
            Eventually.True(() => sub.On("edge-run-test/available").Any(m => m.Text == "online"), Deadline, "online from edge run");
            EdgeProcess.Terminate(process, stderr);
        }
        Eventually.True(() => sub.On("edge-run-test/available").LastOrDefault()?.Text == "stopped", Deadline, "stopped after SIGTERM");
        Assert.Empty(broker.LoggedErrors());
        Assert.Empty(sub.Errors);
    }

    [Fact]
    public void Without_a_broker_run_writes_json_lines_to_standard_output_and_the_same_lines_to_the_JSONL_file()
    {
        using var dir = Repo.TempDir();
        var (process, stdout, stderr) = StartRun(dir, new() { ["EDGE_Mqtt__Host"] = "" });
        using (process)
        {
            Eventually.True(() => { lock (stdout) { return stdout.ToString().Contains("\"online\"", StringComparison.Ordinal); } }, Deadline, "online line");
            EdgeProcess.Terminate(process, stderr);
        }
        var text = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var lines = text.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["online", "stopped"], lines.Select(l => l.GetProperty("payload").GetString()));
        Assert.All(lines, l => Assert.Equal("edge/available", l.GetProperty("topic").GetString()));
        Assert.Equal(text, File.ReadAllLines(dir.File("events.jsonl")));
        Assert.Contains("events go to console (standard output and " + dir.File("events.jsonl") + ")", stderr.ToString(), StringComparison.Ordinal);
    }
}
