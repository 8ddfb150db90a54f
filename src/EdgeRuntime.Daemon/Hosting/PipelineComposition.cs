using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Sensors;
using EdgeRuntime.Sensors.Gpio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>The composition root: turns validated options into the pipeline's components, wired before the first frame.</summary>
internal static class PipelineComposition
{
    /// <summary>
    /// The sensors MQTT commands may pause and resume (<c>&lt;prefix&gt;/camera/set OFF</c>): those the cascade reads
    /// through <see cref="SensorRigFeed"/>, devices and replayed files alike.
    /// </summary>
    public static IReadOnlyList<string> PausableSensors(EdgeOptions options)
    {
        var names = new List<string>(2);
        if (options.Camera.Source != "none")
        {
            names.Add("camera");
        }
        if (options.Audio.Source != "none")
        {
            names.Add("microphone");
        }
        return names;
    }

    /// <summary>
    /// Builds the components. <paramref name="events"/> is the already started output (MQTT or console/JSONL): the
    /// cascade publishes into it. <paramref name="requests"/> already forwards the sink's commands; the GPIO button
    /// is attached here, and the cascade reads every request from it. <paramref name="gpioLines"/> opens the GPIO
    /// chip (null: libgpiod).
    /// </summary>
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory, IEventSink events,
        CommandInbox requests, Func<GpioOptions, IGpioLines>? gpioLines = null)
    {
        _ = configuration;
        // Sensors first: the cascade consumes sensors.Frames, sensors.Audio and sensors.Monitor, and is disposed first.
        // Devices and replayed files (the `sample` profile) alike go through the rings and the live feed; a replay
        // starts playing when the feed starts, once the models are loaded.
        var sensors = SensorRig.Create(options.Camera, options.Audio, options.Alignment, loggerFactory, gpio: options.Gpio,
            gpioLines: gpioLines is null ? null : () => gpioLines(options.Gpio), holdReplay: true);
        if (sensors.Gpio is { } gpio && options.Gpio.ButtonLine >= 0)
        {
            requests.Attach(gpio.Events, new ButtonRequests(loggerFactory.CreateLogger("gpio")).ToRequest);
        }
        if (sensors.Frames is null && sensors.Audio is null)
        {
            return [.. sensors.Components];
        }
        var feed = new SensorRigFeed(sensors, options.Camera.Format, TimeProvider.System);
        return [.. sensors.Components, new CascadeReplayComponent(options, events, requests.Reader, loggerFactory, feed)];
    }
}
