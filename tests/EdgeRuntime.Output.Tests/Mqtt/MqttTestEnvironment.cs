using System.Diagnostics;
using System.Text;
using EdgeRuntime.Output.Mqtt;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing.Logging;
using EdgeRuntime.Testing.Mqtt;

namespace EdgeRuntime.Output.Tests.Mqtt;

/// <summary>
/// A real broker, a fresh topic prefix and outbox folder, publishers and test clients for one test. Disposing it
/// stops everything and fails the test when the broker, a client or a publisher logged an error the test did not
/// declare with <see cref="ExpectErrors"/>.
/// </summary>
internal sealed class MqttTestEnvironment : IDisposable
{
    private readonly List<MqttPublisher> _publishers = [];
    private readonly List<TestMqttClient> _clients = [];
    private readonly List<Process> _children = [];
    private readonly List<string> _expected = [];

    public MqttTestEnvironment(BrokerSettings? settings = null)
    {
        Broker = MosquittoBroker.Start(settings);
        Prefix = "t" + Guid.NewGuid().ToString("N")[..8];
    }

    public MosquittoBroker Broker { get; }

    public RecordingLoggerFactory Logs { get; } = new();

    public TempDir Dir { get; } = Repo.TempDir("edge-mqtt");

    public string Prefix { get; }

    public string JournalPath => Dir.File("outbox.journal");

    public void ExpectErrors(params string[] fragments)
    {
        _expected.AddRange(fragments);
        foreach (var f in fragments)
        {
            Logs.Expect(f);
        }
    }

    public MqttOptions Options() => new()
    {
        Host = Broker.Host,
        Port = Broker.Port,
        TopicPrefix = Prefix,
        ClientId = "pub-" + Prefix,
        Username = Broker.Settings.Username,
        Password = Broker.Settings.Password,
        CaFile = Broker.Certificates?.CaFile,
        CertFile = Broker.Certificates?.ClientCert,
        KeyFile = Broker.Certificates?.ClientKey,
        KeepAlive = TimeSpan.FromSeconds(5),
        ReconnectMin = TimeSpan.FromMilliseconds(100),
        ReconnectMax = TimeSpan.FromSeconds(1),
        Outbox = new OutboxOptions(JournalPath, 64L * 1024 * 1024, FsyncPolicy.Batched, TimeSpan.FromMilliseconds(20)),
    };

    public MqttPublisher Publisher(MqttOptions? options = null)
    {
        var publisher = new MqttPublisher(options ?? Options(), ["camera", "microphone"], new DiscoverySources("front", "mic"), Logs.CreateLogger("mqtt"));
        _publishers.Add(publisher);
        publisher.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return publisher;
    }

    public static void Stop(MqttPublisher publisher) => publisher.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A connected client subscribed to <paramref name="patterns"/> (default: everything under the prefix).</summary>
    public TestMqttClient Client(string? id = null, bool cleanSession = true, params string[] patterns)
    {
        var client = new TestMqttClient(Broker, id ?? "sub-" + Guid.NewGuid().ToString("N")[..8], cleanSession,
            Broker.Settings.Username, Broker.Settings.Password, patterns.Length > 0 ? patterns : [Prefix + "/#"]);
        _clients.Add(client);
        return client.WaitConnected();
    }

    /// <summary>Starts the TestPublisher child process publishing <paramref name="count"/> numbered events.</summary>
    public (Process Process, StringBuilder Out, StringBuilder Err) Child(int count)
    {
        var dll = Path.Combine(AppContext.BaseDirectory.Replace("EdgeRuntime.Output.Tests", "EdgeRuntime.Output.TestPublisher", StringComparison.Ordinal),
            "EdgeRuntime.Output.TestPublisher.dll");
        Assert.True(File.Exists(dll), "test publisher not built: " + dll);
        var process = ProcessRunner.Start("dotnet", [dll, Broker.Host, Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Prefix, "child-" + Prefix, JournalPath, count.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            null, null, out var stdout, out var stderr);
        _children.Add(process);
        return (process, stdout, stderr);
    }

    public static void WaitForLine(StringBuilder output, string line, Process process, StringBuilder errors)
    {
        Eventually.True(() =>
        {
            lock (output)
            {
                return output.ToString().Split('\n').Any(l => l.TrimEnd() == line) || process.HasExited;
            }
        }, TimeSpan.FromSeconds(60), $"'{line}' from the test publisher");
        lock (output)
        {
            Assert.True(output.ToString().Split('\n').Any(l => l.TrimEnd() == line), $"test publisher exited before '{line}':\n{output}\n{errors}");
        }
    }

    /// <summary>Numbered events received on the events topic: (id, index) in arrival order.</summary>
    public List<(string Id, int Index)> Events(TestMqttClient client) =>
        client.On(Prefix + "/events").Select(m => SyntheticEvents.Parse(m.Payload)).ToList();

    /// <summary>Asserts that after dropping duplicates by id, exactly 0..count-1 arrived, in order.</summary>
    public static void AssertAllInOrder(List<(string Id, int Index)> received, int count)
    {
        var seen = new HashSet<string>();
        var unique = received.Where(e => seen.Add(e.Id)).Select(e => e.Index).ToList();
        Assert.Equal(Enumerable.Range(0, count), unique);
    }

    public void Dispose()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited)
            {
                child.Kill();
                child.WaitForExit();
            }
            child.Dispose();
        }
        foreach (var publisher in _publishers)
        {
            Stop(publisher);
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        Broker.Stop();
        var problems = Broker.LoggedErrors([.. _expected])
            .Concat(Logs.UnexpectedErrors.Select(e => e.ToString()))
            .Concat(_clients.SelectMany(c => c.Errors).Where(e => !_expected.Any(x => e.Contains(x, StringComparison.Ordinal))))
            .ToList();
        Broker.Dispose();
        Dir.Dispose();
        Assert.True(problems.Count == 0, "errors were logged:\n" + string.Join("\n", problems));
    }
}
