// MqttBench: sustained events/s and publish→PUBACK latency of EdgeRuntime's MQTT publisher at each outbox fsync
// policy, against plain QoS 1 through libmosquitto without an outbox. A real mosquitto on loopback; the journal on
// the temp folder's disk.
//   dotnet run -c Release --project tools/bench/MqttBench -- [--events 50000] [--rate 5000] [--seconds 3] [--repeat 1]
// Throughput: publish --events events as fast as the producer can, time until the last PUBACK.
// Latency: publish at a steady --rate for --seconds, percentiles of (PUBACK time − publish call time).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Interop.Mosquitto;
using EdgeRuntime.Output;
using EdgeRuntime.Output.Mqtt;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using MqttBench;

var events = Arg("--events", 50_000);
var rate = Arg("--rate", 5_000);
var seconds = Arg("--seconds", 3);
var repeat = Arg("--repeat", 1);
const int Warmup = 2_000;

using var broker = MosquittoBroker.Start();
using var dir = Repo.TempDir("edge-mqttbench");
var template = EdgeEvent.Started(new TrackedObject
{
    Id = "1795342501.123456-k3x9qa", Source = "front", Label = "person", Score = 0.87f, Box = new BoundingBox(0.1f, 0.2f, 0.3f, 0.4f),
    Modality = Modality.Fused, Tier = 2, StartTime = 1795342501.123456, MonotonicNs = 123_456_789_000,
}, TimeProvider.System);
var payloadBytes = JsonSerializer.SerializeToUtf8Bytes(template, EventJsonContext.Default.EdgeEvent).Length;

Console.WriteLine($"MqttBench: mosquitto {MosquittoClient.LibraryVersion} on loopback, event payload {payloadBytes} bytes, {Environment.ProcessorCount} cores");
Console.WriteLine($"throughput burst {events} events; latency at {rate} events/s for {seconds} s; load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();
Console.WriteLine("| publisher | fsync | events/s (burst) | p50 ms @ rate | p99 ms @ rate | fsyncs in burst |");
Console.WriteLine("|---|---|---:|---:|---:|---:|");

Median(Enumerable.Range(0, repeat).Select(_ => Raw()).ToList());
foreach (var (name, policy, path) in new[]
{
    ("outbox in memory", FsyncPolicy.None, ""),
    ("outbox journal", FsyncPolicy.None, "none.journal"),
    ("outbox journal", FsyncPolicy.Batched, "batched.journal"),
    ("outbox journal", FsyncPolicy.Every, "every.journal"),
})
{
    Median(Enumerable.Range(0, repeat).Select(_ => Outbox(name, policy, path.Length == 0 ? "" : dir.File(path))).ToList());
}
return 0;

// With --repeat N, each figure is the median of N runs (the build machine is shared and noisy).
static void Median(List<Result> runs)
{
    static double Mid(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
    var r = runs[0];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Fsync} | {Mid(runs.Select(x => x.Throughput)):F0} | {Mid(runs.Select(x => x.P50)):F2} | {Mid(runs.Select(x => x.P99)):F2}{r.RateNote} | {r.Fsyncs} |"));
}

Result Raw()
{
    var latencies = new LatencyRecorder(Math.Max(events, rate * seconds) + 16);
    using var raw = new RawQos1Publisher(broker.Host, broker.Port, "bench/raw", latencies);
    Eventually.True(() => raw.Connected, TimeSpan.FromSeconds(10), "raw client connected");
    var payload = JsonSerializer.SerializeToUtf8Bytes(template, EventJsonContext.Default.EdgeEvent);
    for (var i = 0; i < Warmup; i++)
    {
        raw.Publish(payload);
    }
    Eventually.True(() => raw.Acked >= Warmup, TimeSpan.FromMinutes(5), "raw warm-up acknowledged");
    latencies.Reset();
    var warm = raw.Acked;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < events; i++)
    {
        raw.Publish(payload);
    }
    Eventually.True(() => raw.Acked >= warm + events, TimeSpan.FromMinutes(5), "raw burst acknowledged");
    var throughput = events / clock.Elapsed.TotalSeconds;
    latencies.Reset();
    var before = raw.Acked;
    Paced(() => raw.Publish(JsonSerializer.SerializeToUtf8Bytes(template, EventJsonContext.Default.EdgeEvent)));
    Eventually.True(() => raw.Acked >= before + (long)rate * seconds, TimeSpan.FromMinutes(5), "raw paced acknowledged");
    return new Result("libmosquitto QoS 1, no outbox", "-", throughput, latencies.Percentile(0.50), latencies.Percentile(0.99), "", "-");
}

Result Outbox(string name, FsyncPolicy policy, string path)
{
    var latencies = new LatencyRecorder(Math.Max(events, rate * seconds) + 16);
    var options = new MqttOptions
    {
        Host = broker.Host, Port = broker.Port, TopicPrefix = "bench", ClientId = "bench-" + policy,
        Outbox = new OutboxOptions(path, 1L << 30, policy, TimeSpan.FromMilliseconds(50)),
    };
    var publisher = new MqttPublisher(options, [], new DiscoverySources(), NullLogger.Instance) { Delivered = r => latencies.Add(r.CreatedTimestamp) };
    publisher.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    Eventually.True(() => publisher.Connected, TimeSpan.FromSeconds(10), "publisher connected");
    // The every-record policy is bounded by the disk's fsync rate: a smaller burst keeps the run short.
    var burst = policy == FsyncPolicy.Every && path.Length > 0 ? Math.Min(events, 3_000) : events;
    for (var i = 0; i < Math.Min(Warmup, burst); i++)
    {
        publisher.Publish(template);
    }
    publisher.FlushAsync(CancellationToken.None).Wait(TimeSpan.FromMinutes(10));
    latencies.Reset();
    var fsyncsBefore = publisher.Stats.Fsyncs;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < burst; i++)
    {
        publisher.Publish(template);
    }
    publisher.FlushAsync(CancellationToken.None).Wait(TimeSpan.FromMinutes(10));
    var throughput = burst / clock.Elapsed.TotalSeconds;
    var fsyncs = publisher.Stats.Fsyncs - fsyncsBefore;
    latencies.Reset();
    var paced = policy == FsyncPolicy.Every && path.Length > 0 ? Math.Min(rate, (int)throughput / 2) : rate;
    Paced(() => publisher.Publish(template), paced);
    publisher.FlushAsync(CancellationToken.None).Wait(TimeSpan.FromMinutes(10));
    publisher.DisposeAsync().AsTask().Wait();
    return new Result(name, path.Length == 0 ? "-" : policy.ToString().ToLowerInvariant() + (policy == FsyncPolicy.Batched ? " (50 ms)" : ""),
        throughput, latencies.Percentile(0.50), latencies.Percentile(0.99), paced != rate ? $" (@{paced}/s)" : "", fsyncs.ToString(CultureInfo.InvariantCulture));
}

void Paced(Action publish, int? perSecond = null)
{
    var target = perSecond ?? rate;
    var total = target * seconds;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        // Publish event i at its scheduled time: a steady rate, not a burst.
        var due = TimeSpan.FromSeconds((double)i / target);
        while (clock.Elapsed < due)
        {
            if (due - clock.Elapsed > TimeSpan.FromMilliseconds(2))
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
        publish();
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Result(string Name, string Fsync, double Throughput, double P50, double P99, string RateNote, string Fsyncs);
