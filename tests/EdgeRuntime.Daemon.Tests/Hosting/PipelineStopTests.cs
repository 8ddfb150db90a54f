using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Hosting;

namespace EdgeRuntime.Daemon.Tests.Hosting;

/// <summary>
/// A stop that overruns the shutdown budget (a starved CPU) is slow, not failed: the run is clean when every component
/// finished by the time the others were disposed, and failed only when one never stopped.
/// </summary>
public sealed class PipelineStopTests
{
    [Fact]
    public async Task A_component_that_stops_after_the_budget_but_before_disposal_ends_leaves_the_run_clean()
    {
        var logger = new ListLogger();
        var late = new StopsWhenReleased("late");
        var disposer = new ReleasesOnDispose("disposer", late.Release);
        var host = new PipelineHost([late, disposer], TimeSpan.FromSeconds(1), logger);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await late.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(30)), logger.ToString());
        Assert.True(logger.Contains("components did not stop within 1000 ms (late)"), logger.ToString());
        Assert.False(logger.Contains("still running after they were disposed"), logger.ToString());
    }

    [Fact]
    public async Task A_component_that_never_stops_fails_the_run_with_its_name()
    {
        var logger = new ListLogger();
        var stuck = new StopsWhenReleased("stuck");
        var host = new PipelineHost([stuck], TimeSpan.FromMilliseconds(50), logger);
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);
        await stuck.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.False(await run.WaitAsync(TimeSpan.FromSeconds(30)), logger.ToString());
        Assert.True(logger.Contains("components still running after they were disposed (stuck): the run failed"), logger.ToString());
        stuck.Release();
    }

    // Ignores cancellation until released, as a component whose thread has not been scheduled yet.
    private sealed class StopsWhenReleased(string name) : IPipelineComponent
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public void Release() => _released.TrySetResult();

        public async Task RunAsync(CancellationToken stoppingToken)
        {
            Started.TrySetResult();
            await _released.Task.ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ReleasesOnDispose(string name, Action release) : IPipelineComponent
    {
        public string Name => name;

        public Task RunAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);

        public async ValueTask DisposeAsync()
        {
            release();
            await Task.Yield();
        }
    }
}
