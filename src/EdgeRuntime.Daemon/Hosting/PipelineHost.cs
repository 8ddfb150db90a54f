using System.Diagnostics;
using EdgeRuntime.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// Runs the pipeline's components until every one has reached the end of its input or a stop is requested,
/// then disposes them in reverse order within the shutdown budget. A component that fails stops the others (a live
/// camera or microphone never ends by itself, so waiting for it would keep a broken pipeline up forever): the run
/// ends failed, and the daemon exits 1 so its supervisor (systemd) restarts it.
/// </summary>
internal sealed partial class PipelineHost(IReadOnlyList<IPipelineComponent> components, TimeSpan shutdownTimeout, ILogger logger)
{
    /// <summary>Runs; returns true when every component finished without error.</summary>
    public async Task<bool> RunAsync(CancellationToken stoppingToken)
    {
        LogStarting(logger, components.Count, string.Join(", ", components.Select(c => c.Name)));
        var ok = true;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var tasks = components.Select(c => RunOne(c, linked)).ToArray();
        try
        {
            if (tasks.Length == 0)
            {
                LogIdle(logger);
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                var results = await Task.WhenAll(tasks).WaitAsync(stoppingToken).ConfigureAwait(false);
                ok = results.All(r => r);
                if (ok)
                {
                    LogInputEnded(logger);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopping(logger);
        }

        var clock = Stopwatch.StartNew();
        await linked.CancelAsync().ConfigureAwait(false);
        var all = Task.WhenAll(tasks);
        if (await Task.WhenAny(all, Task.Delay(shutdownTimeout)).ConfigureAwait(false) != all)
        {
            var running = string.Join(", ", components.Where((_, i) => !tasks[i].IsCompleted).Select(c => c.Name));
            LogSlowStop(logger, shutdownTimeout.TotalMilliseconds, running);
        }
        for (var i = components.Count - 1; i >= 0; i--)
        {
            try
            {
                await components[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogDisposeFailed(logger, e, components[i].Name);
                ok = false;
            }
        }
        // A slow stop is not a failed one: on a starved CPU a component may finish only while the others are disposed.
        // The run failed when a component failed (before the stop request or while stopping) or never stopped at all.
        if (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(shutdownTimeout)).ConfigureAwait(false); // disposal may have been what it waited for
        }
        ok &= tasks.All(t => t.IsCompletedSuccessfully && t.Result);
        if (!all.IsCompleted)
        {
            LogAbandoned(logger, string.Join(", ", components.Where((_, i) => !tasks[i].IsCompleted).Select(c => c.Name)));
        }
        LogStopped(logger, clock.Elapsed.TotalMilliseconds);
        return ok;
    }

    private async Task<bool> RunOne(IPipelineComponent component, CancellationTokenSource pipeline)
    {
        var token = pipeline.Token;
        try
        {
            await component.RunAsync(token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return true;
        }
        catch (InvalidDataException e)
        {
            // Bad input (a recording cut while it played) is the file's fault, not the code's: its message, no stack trace.
            LogComponentInputFailed(logger, component.Name, e.Message);
            return false;
        }
        catch (Exception e)
        {
            LogComponentFailed(logger, component.Name, e.Message);
            LogComponentFailure(logger, e, component.Name);
            try
            {
                await pipeline.CancelAsync().ConfigureAwait(false); // the others stop: the pipeline cannot go on without this one
            }
            catch (ObjectDisposedException)
            {
                // The host already returned (a component that overran the shutdown budget failing late): nothing to stop.
            }
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pipeline starting with {Count} component(s): {Names}")]
    private static partial void LogStarting(ILogger logger, int count, string names);

    [LoggerMessage(Level = LogLevel.Information, Message = "pipeline idle: no sensors configured; waiting for SIGINT/SIGTERM")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "end of input: every component finished")]
    private static partial void LogInputEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "stop requested; stopping pipeline")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "components still running after they were disposed ({Running}): the run failed")]
    private static partial void LogAbandoned(ILogger logger, string running);

    [LoggerMessage(Level = LogLevel.Warning, Message = "components did not stop within {TimeoutMs} ms ({Running}); disposing anyway")]
    private static partial void LogSlowStop(ILogger logger, double timeoutMs, string running);

    [LoggerMessage(Level = LogLevel.Error, Message = "component {Name} failed: {Error}; stopping the pipeline")]
    private static partial void LogComponentFailed(ILogger logger, string name, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "component {Name} failure")]
    private static partial void LogComponentFailure(ILogger logger, Exception e, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "component {Name} failed: {Reason}")]
    private static partial void LogComponentInputFailed(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "component {Name} failed to dispose")]
    private static partial void LogDisposeFailed(ILogger logger, Exception e, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "pipeline stopped in {ElapsedMs:F0} ms")]
    private static partial void LogStopped(ILogger logger, double elapsedMs);
}
