// A publisher in its own process, driven by the MQTT tests:
//   TestPublisher HOST PORT PREFIX CLIENT_ID JOURNAL COUNT
// publishes COUNT numbered events through MqttPublisher with the outbox at JOURNAL, and reports on standard output:
//   "journaled N"  every event is in the outbox (accepted and either pending or delivered)
//   "connected"    the broker accepted the connection
//   "flushed"      everything in the outbox was acknowledged
// then runs until standard input closes (a clean stop) or the test kills it.
using System.Globalization;
using EdgeRuntime.Output;
using EdgeRuntime.Output.Mqtt;
using EdgeRuntime.Output.Outbox;
using EdgeRuntime.Testing.Mqtt;
using Microsoft.Extensions.Logging;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: TestPublisher HOST PORT PREFIX CLIENT_ID JOURNAL COUNT");
    return 2;
}
var count = int.Parse(args[5], CultureInfo.InvariantCulture);
var options = new MqttOptions
{
    Host = args[0],
    Port = int.Parse(args[1], CultureInfo.InvariantCulture),
    TopicPrefix = args[2],
    ClientId = args[3],
    Outbox = new OutboxOptions(args[4], 64L * 1024 * 1024, FsyncPolicy.Batched, TimeSpan.FromMilliseconds(50)),
    ReconnectMin = TimeSpan.FromMilliseconds(100),
    ReconnectMax = TimeSpan.FromSeconds(1),
    KeepAlive = TimeSpan.FromSeconds(5),
};
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
var publisher = new MqttPublisher(options, ["camera"], new DiscoverySources(), loggerFactory.CreateLogger("mqtt"));
await using (publisher.ConfigureAwait(false))
{
    await publisher.StartAsync(CancellationToken.None).ConfigureAwait(false);
    for (var i = 0; i < count; i++)
    {
        publisher.Publish(SyntheticEvents.Numbered(i));
    }
    using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
    while (publisher.Stats is var s && s.Pending + s.Delivered < count)
    {
        await tick.WaitForNextTickAsync().ConfigureAwait(false);
    }
    Console.WriteLine($"journaled {count}");
    while (!publisher.Connected)
    {
        await tick.WaitForNextTickAsync().ConfigureAwait(false);
    }
    Console.WriteLine("connected");
    await publisher.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    Console.WriteLine("flushed");
    await Console.In.ReadToEndAsync().ConfigureAwait(false);
}
return 0;
