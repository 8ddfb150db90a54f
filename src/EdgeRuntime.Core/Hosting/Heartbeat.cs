namespace EdgeRuntime.Core.Hosting;

/// <summary>
/// A progress count that a loop bumps on every pass, whether it had work or found none; a supervisor (the systemd
/// watchdog) samples it to tell a wedged loop (the count stands still) from a working or an idle one.
/// </summary>
/// <remarks>
/// Design: any thread may beat and any thread may read; the count is only ever incremented with Interlocked (atomic
/// on 32-bit boards too), so a reader sees a value that some pass published. Nothing is allocated.
/// </remarks>
public sealed class Heartbeat
{
    private long _beats;

    /// <summary>Passes so far.</summary>
    public long Beats => Interlocked.Read(ref _beats);

    /// <summary>Records one pass of the loop.</summary>
    public void Beat() => Interlocked.Increment(ref _beats);
}
