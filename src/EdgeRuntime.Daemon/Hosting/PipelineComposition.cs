using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Sensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>The composition root: turns validated options into the pipeline's components, wired before the first frame.</summary>
internal static class PipelineComposition
{
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory)
    {
        _ = configuration;
        // Sensors first: the cascade reads sensors.Frames, sensors.Audio, sensors.Aligner and sensors.Monitor.
        var sensors = SensorRig.Create(options.Camera, options.Audio, options.Alignment, loggerFactory);
        return [.. sensors.Components];
    }
}
