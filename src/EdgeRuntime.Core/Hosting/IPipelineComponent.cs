namespace EdgeRuntime.Core.Hosting;

/// <summary>
/// A long-running part of the pipeline (a sensor, the cascade scheduler, a publisher). Lifecycle:
/// <see cref="RunAsync"/> runs until its input ends or the token is cancelled, then returns; the host
/// disposes components in reverse start order.
/// </summary>
public interface IPipelineComponent : IAsyncDisposable
{
    /// <summary>Short name used in logs and stats, e.g. <c>camera</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs until the input ends (returns normally) or <paramref name="stoppingToken"/> is cancelled
    /// (returns promptly: the daemon promises to stop within 2 s of SIGINT/SIGTERM).
    /// </summary>
    Task RunAsync(CancellationToken stoppingToken);
}
