using System.Globalization;

namespace EdgeRuntime.Core.Events;

/// <summary>
/// Makes ids in Frigate's style, <c>&lt;unix seconds with µs&gt;-&lt;6 base-36 chars&gt;</c>, e.g. <c>1763805800.123456-k3x9qa</c>:
/// sortable by creation time, unique across restarts (random suffix) and within a process (a counter is mixed in).
/// </summary>
public static class EventId
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static long s_counter = Random.Shared.NextInt64();

    /// <summary>A new id stamped with <paramref name="time"/>'s wall clock.</summary>
    public static string New(TimeProvider time)
    {
        // The counter makes two ids in the same microsecond differ; the random start makes restarts differ.
        var n = (ulong)Interlocked.Increment(ref s_counter);
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[(int)(n % 36)];
            n /= 36;
        }
        return UnixSeconds(time).ToString("F6", CultureInfo.InvariantCulture) + "-" + new string(suffix);
    }

    /// <summary>The wall clock as Unix seconds.</summary>
    public static double UnixSeconds(TimeProvider time) =>
        (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
}
