using System.Globalization;

namespace EdgeRuntime.Core.Time;

/// <summary>
/// A point on the one clock every sample is stamped with: <c>CLOCK_MONOTONIC</c> in nanoseconds.
/// V4L2 buffers carry it directly; device clocks (an audio ADC) and replay files are mapped onto it.
/// </summary>
public readonly record struct Timestamp(long Nanoseconds) : IComparable<Timestamp>
{
    /// <summary>The smallest timestamp; also "no bound yet" for a stream that has produced nothing.</summary>
    public static Timestamp MinValue => new(long.MinValue);

    /// <summary>The largest timestamp; the bound of a stream that has ended.</summary>
    public static Timestamp MaxValue => new(long.MaxValue);

    /// <summary>Creates a timestamp from seconds.</summary>
    public static Timestamp FromSeconds(double seconds) => new((long)Math.Round(seconds * 1e9));

    /// <summary>Creates a timestamp from milliseconds.</summary>
    public static Timestamp FromMilliseconds(double milliseconds) => new((long)Math.Round(milliseconds * 1e6));

    /// <summary>Creates a timestamp from microseconds.</summary>
    public static Timestamp FromMicroseconds(double microseconds) => new((long)Math.Round(microseconds * 1e3));

    /// <summary>Creates a timestamp from a <c>struct timeval</c> or <c>struct timespec</c> split (seconds, nanoseconds).</summary>
    public static Timestamp FromSecondsAndNanoseconds(long seconds, long nanoseconds) => new(seconds * 1_000_000_000 + nanoseconds);

    /// <summary>The timestamp <paramref name="nanoseconds"/> later (earlier when negative); saturates at the bounds.</summary>
    public Timestamp AddNanoseconds(long nanoseconds)
    {
        var sum = Nanoseconds + nanoseconds;
        // Overflow only when both operands share a sign that the result lost.
        if (((Nanoseconds ^ sum) & (nanoseconds ^ sum)) < 0)
        {
            return nanoseconds > 0 ? MaxValue : MinValue;
        }
        return new Timestamp(sum);
    }

    /// <summary>Nanoseconds from <paramref name="earlier"/> to this timestamp (no rounding to 100 ns ticks, unlike the <see cref="TimeSpan"/> difference).</summary>
    public long NanosecondsSince(Timestamp earlier) => Nanoseconds - earlier.Nanoseconds;

    /// <summary>True for <see cref="MinValue"/> and <see cref="MaxValue"/>, the "nothing yet" and "ended" bounds.</summary>
    public bool IsSpecial => Nanoseconds == long.MinValue || Nanoseconds == long.MaxValue;

    /// <summary>The later of two timestamps.</summary>
    public static Timestamp Max(Timestamp a, Timestamp b) => a.Nanoseconds >= b.Nanoseconds ? a : b;

    /// <summary>The earlier of two timestamps.</summary>
    public static Timestamp Min(Timestamp a, Timestamp b) => a.Nanoseconds <= b.Nanoseconds ? a : b;

    /// <summary>Converts a <see cref="TimeProvider"/> timestamp (ticks at <paramref name="frequency"/>) to monotonic nanoseconds.</summary>
    public static Timestamp FromTicks(long ticks, long frequency) =>
        frequency == 1_000_000_000 ? new Timestamp(ticks)
        : frequency == TimeSpan.TicksPerSecond ? new Timestamp(ticks * 100)
        : new Timestamp((long)(ticks / (double)frequency * 1e9));

    /// <summary>Reads <paramref name="time"/>'s high-resolution timestamp as monotonic nanoseconds.</summary>
    /// <remarks>On Linux, <see cref="TimeProvider.System"/>'s timestamp is CLOCK_MONOTONIC, the clock V4L2 stamps buffers with.</remarks>
    public static Timestamp Now(TimeProvider time)
    {
        return FromTicks(time.GetTimestamp(), time.TimestampFrequency);
    }

    /// <summary>Seconds since the clock's origin.</summary>
    public double Seconds => Nanoseconds / 1e9;

    /// <summary>Milliseconds since the clock's origin.</summary>
    public double Milliseconds => Nanoseconds / 1e6;

    /// <inheritdoc />
    public int CompareTo(Timestamp other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Adds a duration.</summary>
    public static Timestamp operator +(Timestamp t, TimeSpan d) => new(t.Nanoseconds + d.Ticks * 100);

    /// <summary>Subtracts a duration.</summary>
    public static Timestamp operator -(Timestamp t, TimeSpan d) => new(t.Nanoseconds - d.Ticks * 100);

    /// <summary>The duration between two timestamps.</summary>
    public static TimeSpan operator -(Timestamp a, Timestamp b) => TimeSpan.FromTicks((a.Nanoseconds - b.Nanoseconds) / 100);

    /// <summary>Orders timestamps.</summary>
    public static bool operator <(Timestamp a, Timestamp b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Orders timestamps.</summary>
    public static bool operator >(Timestamp a, Timestamp b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Orders timestamps.</summary>
    public static bool operator <=(Timestamp a, Timestamp b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Orders timestamps.</summary>
    public static bool operator >=(Timestamp a, Timestamp b) => a.Nanoseconds >= b.Nanoseconds;

    /// <inheritdoc />
    public override string ToString() => Seconds.ToString("F6", CultureInfo.InvariantCulture) + "s";
}
