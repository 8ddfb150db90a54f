using System.Runtime.ExceptionServices;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Sensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Cascade.Replay;

/// <summary>
/// Plays a recording through the path a board runs: a <see cref="SensorRig"/> with the replay camera and replay
/// microphone writing into the rings, the stream monitor, the aligner, and the <see cref="SensorRigFeed"/> feeding the
/// cascade on the calling thread. <c>edge eval</c> and the end-to-end tests run recordings this way, so what they
/// measure is what ships; <c>edge run --profile sample</c> builds the same rig from its configuration.
/// </summary>
/// <remarks>
/// The rig's replay sources are held until the feed starts (after the engine and its models exist), so time 0 of the
/// recording is when the cascade starts taking it. The sensor components run on the thread pool; one that fails
/// (unreadable media) ends the run and its exception is rethrown once everything stopped.
/// </remarks>
public static class RecordingFeed
{
    /// <summary>The feed for <see cref="CascadeSession"/>'s live-feed <c>Run</c>.</summary>
    public static Func<CascadeEngine, Func<long>, CancellationToken, ReplayResult> For(ReplayOptions replay, TimeProvider time, ILoggerFactory? loggers = null) =>
        (engine, emitted, token) => Run(replay, time, loggers ?? NullLoggerFactory.Instance, engine, emitted, token);

    private static ReplayResult Run(ReplayOptions replay, TimeProvider time, ILoggerFactory loggers, CascadeEngine engine, Func<long> emitted,
        CancellationToken cancellationToken)
    {
        var camera = replay.Camera;
        var rig = SensorRig.Create(camera, replay.Microphone, new AlignerOptions(), loggers, time, holdReplay: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = rig.Components.Select(c => RunComponent(c, stop)).ToArray();
        try
        {
            using var feed = new SensorRigFeed(rig, camera.Format, time);
            return feed.Run(engine, emitted, stop.Token);
        }
        finally
        {
            stop.Cancel();
            var failure = Stop(running, rig.Components);
            if (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    // A component that fails stops the whole run (the feed would otherwise wait for a stream that never ends).
    private static Task RunComponent(IPipelineComponent component, CancellationTokenSource stop) => Task.Run(async () =>
    {
        try
        {
            await component.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }, CancellationToken.None);

    // Waits for the components, disposes them in reverse order, and returns the first failure.
    private static Exception? Stop(Task[] running, IReadOnlyList<IPipelineComponent> components)
    {
        Exception? failure = null;
        foreach (var task in running)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure ??= e;
            }
        }
        for (var i = components.Count - 1; i >= 0; i--)
        {
            components[i].DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return failure;
    }
}
