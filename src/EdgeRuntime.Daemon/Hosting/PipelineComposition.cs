using System.Device.I2c;
using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Sensors;
using EdgeRuntime.Sensors.Distance;
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
    /// Whether the configured pipeline runs the cascade (and so needs the models): a replayed recording, or a camera or
    /// a microphone.
    /// </summary>
    public static bool HasCascade(EdgeOptions options) =>
        options.Camera.Source != "none" || options.Audio.Source != "none";

    /// <summary>
    /// Builds the components. <paramref name="events"/> is the already started output (MQTT or console/JSONL): the
    /// cascade publishes into it. <paramref name="requests"/> already forwards the sink's commands; the GPIO button
    /// is attached here, and the cascade reads every request from it. <paramref name="models"/> are the loaded models,
    /// present whenever <see cref="HasCascade"/> is true; the cascade component takes them over and disposes them.
    /// <paramref name="gpioDriver"/> opens the GPIO chip's driver (null: System.Device.Gpio over the board's libgpiod),
    /// <paramref name="i2cDevice"/> the distance sensor's I2C device (null: <c>/dev/i2c-N</c>).
    /// </summary>
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory, IEventSink events,
        CommandInbox requests, PipelineModels? models, Func<GpioOptions, System.Device.Gpio.GpioDriver>? gpioDriver = null,
        Func<DistanceOptions, I2cDevice>? i2cDevice = null)
    {
        _ = configuration;
        var distance = DistanceComposition.Create(options, events, loggerFactory, i2cDevice);
        // Sensors first: the cascade consumes sensors.Frames, sensors.Audio and sensors.Monitor, and is disposed first.
        // Devices and replayed files (the `sample` profile) alike go through the rings and the live feed; a replay
        // starts playing when the feed starts, once the models are loaded.
        var sensors = SensorRig.Create(options.Camera, options.Audio, options.Alignment, loggerFactory, gpio: options.Gpio,
            gpioDriver: gpioDriver is null ? null : () => gpioDriver(options.Gpio), holdReplay: true);
        if (sensors.Gpio is { } gpio && options.Gpio.ButtonLine >= 0)
        {
            requests.Attach(gpio.Events, new ButtonRequests(loggerFactory.CreateLogger("gpio")).ToRequest);
        }
        if (sensors.Frames is null && sensors.Audio is null)
        {
            return [.. distance.Components, .. sensors.Components];
        }
        var feed = new SensorRigFeed(sensors, options.Camera.Format, TimeProvider.System);
        return [.. distance.Components, .. sensors.Components, new CascadeReplayComponent(options, Loaded(models), events, requests.Reader, loggerFactory, feed, distance.Speech)];
    }

    private static PipelineModels Loaded(PipelineModels? models) =>
        models ?? throw new InvalidOperationException("the cascade's models are loaded before the pipeline is built (PipelineModels)");
}
