using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Distance;

namespace EdgeRuntime.Sensors.Tests.Distance;

public class ObstacleTrackerTests
{
    private static readonly DistanceOptions Options = new() { ObstacleEnter = 1000, ObstacleLeave = 1200, RepeatAfter = TimeSpan.FromSeconds(10), CloserBy = 300, ReportStep = 50, MaxRange = 2000 };

    // Feeds (seconds, mm) readings and collects what each decided.
    private static List<(double S, ObstacleUpdate U)> Run(ObstacleTracker tracker, params (double S, int Mm)[] readings) =>
        readings.Select(r => (r.S, tracker.OnReading(r.Mm, Timestamp.FromSeconds(r.S)))).ToList();

    [Theory]
    [InlineData(800, "obstacle ahead, about 80 centimetres")]
    [InlineData(784, "obstacle ahead, about 80 centimetres")]
    [InlineData(40, "obstacle ahead, about 10 centimetres")]
    [InlineData(996, "obstacle ahead, about 1 metre")]
    [InlineData(1460, "obstacle ahead, about 1.5 metres")]
    public void The_sentence_says_the_distance_to_the_nearest_10_cm(int mm, string sentence) => Assert.Equal(sentence, ObstacleTracker.Sentence(mm));

    [Fact]
    public void An_obstacle_arrives_at_the_enter_threshold_and_leaves_only_past_the_leave_threshold()
    {
        var tracker = new ObstacleTracker(Options);
        var u = Run(tracker, (0, 1500), (0.1, 1001), (0.2, 1000), (0.3, 1150), (0.4, 1050), (0.5, 1200), (0.6, 1201), (0.7, 1100));
        Assert.Equal([false, false, true, false, false, false, false, false], u.Select(x => x.U.Entered));
        Assert.Equal([false, false, false, false, false, false, true, false], u.Select(x => x.U.Left));
        Assert.False(tracker.Present); // 1100 is inside the band: no new arrival until 1000 again
    }

    [Fact]
    public void Nothing_in_range_ends_an_obstacle()
    {
        var tracker = new ObstacleTracker(Options);
        var u = Run(tracker, (0, 500), (0.1, 8190));
        Assert.True(u[1].U.Left);
        Assert.Null(tracker.DistanceMm);
    }

    [Fact]
    public void It_is_spoken_on_arrival_not_again_within_the_repeat_time_unless_markedly_closer_and_again_after_it()
    {
        var tracker = new ObstacleTracker(Options);
        var u = Run(tracker,
            (0, 800),     // arrives: spoken
            (1, 700),     // 100 mm closer: not enough
            (2, 1300),    // leaves
            (3, 790),     // arrives again within 10 s of the last sentence, not closer: silent
            (4, 490),     // 310 mm closer than when spoken (800): spoken
            (5, 480),     // silent
            (14.5, 470),  // 10.5 s after the last sentence: spoken again
            (15, 465));   // silent
        Assert.Equal(
            ["obstacle ahead, about 80 centimetres", null, null, null, "obstacle ahead, about 50 centimetres", null, "obstacle ahead, about 50 centimetres", null],
            u.Select(x => x.U.Speak));
    }

    [Fact]
    public void The_state_is_reported_when_it_moved_by_the_step_or_came_or_went_in_range()
    {
        var tracker = new ObstacleTracker(Options);
        var u = Run(tracker, (0, 1500), (0.1, 1480), (0.2, 1440), (0.3, 1439), (0.4, 8190), (0.5, 8190), (0.6, 1700));
        Assert.Equal([true, false, true, false, true, false, true], u.Select(x => x.U.Report));
    }
}
