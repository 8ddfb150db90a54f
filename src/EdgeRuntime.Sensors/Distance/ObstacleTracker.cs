using System.Globalization;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Sensors.Distance;

/// <summary>What one reading changed.</summary>
/// <param name="Entered">An obstacle arrived (closer than <see cref="DistanceOptions.ObstacleEnter"/>).</param>
/// <param name="Left">The obstacle went (farther than <see cref="DistanceOptions.ObstacleLeave"/>, or nothing in range).</param>
/// <param name="Speak">The sentence to say now, or null.</param>
/// <param name="Report">The state moved enough to publish (<see cref="DistanceOptions.ReportStep"/>, or an arrival or departure).</param>
public readonly record struct ObstacleUpdate(bool Entered, bool Left, string? Speak, bool Report);

/// <summary>
/// Turns distance readings into obstacle arrivals and departures with hysteresis, and decides what to say with a rate
/// limit: an obstacle is spoken when it arrives, again only after <see cref="DistanceOptions.RepeatAfter"/> (counted
/// from when it was last spoken, across departures, so an obstacle hovering at the edge is not announced over and
/// over), and sooner only when it came <see cref="DistanceOptions.CloserBy"/> closer than when last spoken.
/// Pure logic: the caller supplies every time (from its <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>Not thread-safe: the sensor loop owns it.</remarks>
public sealed class ObstacleTracker(DistanceOptions options)
{
    private readonly long _repeatNs = options.RepeatAfter.Ticks * 100;
    private Timestamp? _lastSpoken;
    private int _lastSpokenMm;
    private int? _lastReportedMm;

    /// <summary>True while an obstacle is reported.</summary>
    public bool Present { get; private set; }

    /// <summary>The last reading in range (null: nothing in range).</summary>
    public int? DistanceMm { get; private set; }

    /// <summary>Feeds a reading in millimetres taken at <paramref name="at"/> (at or beyond <see cref="DistanceOptions.MaxRange"/>: nothing in range).</summary>
    public ObstacleUpdate OnReading(int millimetres, Timestamp at)
    {
        int? mm = millimetres >= options.MaxRange ? null : millimetres;
        DistanceMm = mm;
        var entered = !Present && mm <= options.ObstacleEnter;
        var left = Present && (mm is null || mm > options.ObstacleLeave);
        if (entered || left)
        {
            Present = entered;
        }
        string? speak = null;
        if (Present && mm is { } d && ShouldSpeak(d, at))
        {
            speak = Sentence(d);
            _lastSpoken = at;
            _lastSpokenMm = d;
        }
        var report = entered || left || _lastReportedMm.HasValue != mm.HasValue
            || (mm is { } now && _lastReportedMm is { } before && Math.Abs(now - before) >= options.ReportStep);
        if (report)
        {
            _lastReportedMm = mm;
        }
        return new ObstacleUpdate(entered, left, speak, report);
    }

    /// <summary>The sensor stopped answering: whatever was reported is gone (the caller reports the failure itself).</summary>
    public bool Reset()
    {
        var was = Present;
        Present = false;
        DistanceMm = null;
        _lastReportedMm = null;
        return was;
    }

    private bool ShouldSpeak(int mm, Timestamp at) =>
        _lastSpoken is not { } last || at.NanosecondsSince(last) >= _repeatNs || mm <= _lastSpokenMm - options.CloserBy;

    /// <summary>"obstacle ahead, about 80 centimetres" (to the nearest 10 cm below a metre, the nearest 10 cm in metres above).</summary>
    public static string Sentence(int millimetres)
    {
        var cm = Math.Max(10, (int)Math.Round(millimetres / 100.0, MidpointRounding.AwayFromZero) * 10);
        return cm < 100
            ? $"obstacle ahead, about {cm.ToString(CultureInfo.InvariantCulture)} centimetres"
            : cm == 100 ? "obstacle ahead, about 1 metre" : $"obstacle ahead, about {(cm / 100.0).ToString("0.#", CultureInfo.InvariantCulture)} metres";
    }
}
