using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>The composition root: turns validated options into the pipeline's components, wired before the first frame.</summary>
internal static class PipelineComposition
{
    /// <summary>
    /// Builds the components. <paramref name="events"/> is the already started output (MQTT or console/JSONL): the
    /// cascade publishes into it and reads commands from <see cref="Core.Events.Commands.ICommandSource.Commands"/>.
    /// </summary>
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory, IEventSink events)
    {
        _ = events;
        _ = configuration;
        _ = options;
        _ = loggerFactory;
        return [];
    }
}
