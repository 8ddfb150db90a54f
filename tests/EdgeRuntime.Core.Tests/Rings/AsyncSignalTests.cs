using EdgeRuntime.Core.Rings;

namespace EdgeRuntime.Core.Tests.Rings;

public class AsyncSignalTests
{
    [Fact]
    public async Task A_set_without_a_waiter_is_kept_for_the_next_wait()
    {
        using var signal = new AsyncSignal(new ManualTimeProvider());
        signal.Set();
        Assert.Equal(SignalWait.Signalled, await signal.WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None));
        Assert.Equal(SignalWait.TimedOut, await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiter_wakes_on_set_and_times_out_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        using var signal = new AsyncSignal(time);
        var wait = signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).AsTask();
        signal.Set();
        Assert.Equal(SignalWait.Signalled, await wait.WaitAsync(TimeSpan.FromSeconds(10)));

        var timed = signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(timed.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(SignalWait.TimedOut, await timed.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Many_sets_and_waits_racing_on_two_threads_never_lose_a_wake_up()
    {
        using var signal = new AsyncSignal(TimeProvider.System);
        long produced = 0;
        const int rounds = 20_000;
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < rounds; i++)
            {
                Interlocked.Increment(ref produced);
                signal.Set();
                Thread.SpinWait(i % 64);
            }
        });
        long consumed = 0;
        while (consumed < rounds)
        {
            consumed = Volatile.Read(ref produced);
            if (consumed < rounds)
            {
                // If a wake-up were lost after the final Set, this would time out and fail the test.
                var result = await signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                Assert.Equal(SignalWait.Signalled, result);
            }
        }
        await producer;
    }
}
