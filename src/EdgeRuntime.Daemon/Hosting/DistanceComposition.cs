using System.Device.I2c;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Output.Speech;
using EdgeRuntime.Sensors.Distance;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// Wires the obstacle-distance sensor (<c>Distance:Enabled</c>): its component, its announcer to the event sink, and
/// the speech output it shares with the cascade. The components go first in start order, so they are disposed last:
/// the speech output outlives the cascade that also speaks through it.
/// </summary>
internal static class DistanceComposition
{
    /// <summary>The components to run (none when disabled) and the shared speech output (null when disabled).</summary>
    public static (IReadOnlyList<IPipelineComponent> Components, SpeechOutput? Speech) Create(EdgeOptions options, IEventSink events, ILoggerFactory loggerFactory,
        Func<DistanceOptions, I2cDevice>? i2cDevice)
    {
        if (!options.Distance.Enabled)
        {
            return ([], null);
        }
        var speech = new SpeechOutput(options.Speech, new EspeakEngine(options.Speech), TimeProvider.System);
        var announcer = new DistanceAnnouncer(options.Distance, events, speech, TimeProvider.System);
        var sensor = new DistanceComponent(options.Distance, announcer, loggerFactory.CreateLogger("distance"), TimeProvider.System,
            i2cDevice is null ? null : () => i2cDevice(options.Distance));
        return ([new SpeechOwner(speech), sensor], speech);
    }

    // Runs nothing; disposed after every component that speaks.
    private sealed class SpeechOwner(SpeechOutput speech) : IPipelineComponent
    {
        public string Name => "speech";

        public Task RunAsync(CancellationToken stoppingToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            speech.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
