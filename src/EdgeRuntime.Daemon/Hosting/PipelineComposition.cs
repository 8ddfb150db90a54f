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
    /// The sensors MQTT commands may pause and resume (<c>&lt;prefix&gt;/camera/set OFF</c>): the live ones the
    /// cascade reads through <see cref="SensorRigFeed"/>. A replayed recording has none.
    /// </summary>
    public static IReadOnlyList<string> PausableSensors(EdgeOptions options)
    {
        if (options.Replay is not null)
        {
            return [];
        }
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
        options.Replay is not null || options.Camera.Source != "none" || options.Audio.Source != "none";

    /// <summary>
    /// Builds the components. <paramref name="events"/> is the already started output (MQTT or console/JSONL): the
    /// cascade publishes into it. <paramref name="requests"/> already forwards the sink's commands; the GPIO button
    /// is attached here, and the cascade reads every request from it. <paramref name="models"/> are the loaded models,
    /// present whenever <see cref="HasCascade"/> is true; the cascade component takes them over and disposes them. <paramref name="gpioLines"/> opens the GPIO
    /// chip (null: libgpiod).
    /// </summary>
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory, IEventSink events,
        CommandInbox requests, PipelineModels? models, Func<GpioOptions, IGpioLines>? gpioLines = null)
    {
        _ = configuration;
        // A recorded scenario (the `sample` profile) drives the cascade directly; otherwise the live sensors run.
        if (options.Replay is not null)
        {
            return [new CascadeReplayComponent(options, Loaded(models), events, requests.Reader, loggerFactory)];
        }
        // Sensors first: the cascade consumes sensors.Frames, sensors.Audio and sensors.Monitor, and is disposed first.
        var sensors = SensorRig.Create(options.Camera, options.Audio, options.Alignment, loggerFactory, gpio: options.Gpio,
            gpioLines: gpioLines is null ? null : () => gpioLines(options.Gpio));
        if (sensors.Gpio is { } gpio && options.Gpio.ButtonLine >= 0)
        {
            requests.Attach(gpio.Events, new ButtonRequests(loggerFactory.CreateLogger("gpio")).ToRequest);
        }
        if (sensors.Frames is null && sensors.Audio is null)
        {
            return [.. sensors.Components];
        }
        var feed = new SensorRigFeed(sensors, options.Camera.Format, TimeProvider.System);
        return [.. sensors.Components, new CascadeReplayComponent(options, Loaded(models), events, requests.Reader, loggerFactory, feed)];
    }

    private static PipelineModels Loaded(PipelineModels? models) =>
        models ?? throw new InvalidOperationException("the cascade's models are loaded before the pipeline is built (PipelineModels)");
}
