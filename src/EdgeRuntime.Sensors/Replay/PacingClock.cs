using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Replay;

/// <summary>Waits until a monotonic time on the injected <see cref="TimeProvider"/>, reusing one timer: no allocation per wait.</summary>
internal sealed class PacingClock(TimeProvider time) : IDisposable
{
    // Never set: every wait ends by its timeout, which is the point.
    private readonly AsyncSignal _never = new(time);

    public TimeProvider Time => time;

    public Timestamp Now => Timestamp.Now(time);

    public async ValueTask DelayUntilAsync(Timestamp target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = target.NanosecondsSince(Now);
            if (remaining <= 0)
            {
                return;
            }
            // Round up to whole 100 ns ticks so the wait never ends just short of the target.
            await _never.WaitAsync(TimeSpan.FromTicks((remaining + 99) / 100), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _never.Dispose();
}
