using System.Diagnostics;

namespace EdgeRuntime.Testing;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws with <paramref name="what"/> when the deadline passes.</summary>
    public static void True(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        using var tick = new ManualResetEventSlim(false);
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"condition not met within {deadline.TotalSeconds:F1} s: {what}");
            }
            tick.Wait(10);
        }
    }

    /// <summary>Async form of <see cref="True"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"condition not met within {deadline.TotalSeconds:F1} s: {what}");
            }
            await Task.Yield();
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
