using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Gpio;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeRuntime.Sensors.Tests.Gpio;

public class DetectorTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(30);
    private static Timestamp Ms(double ms) => Timestamp.FromMilliseconds(ms);

    // Feeds (time ms, level) edges, polling at every millisecond like the controller's deadline-driven loop would.
    private static List<GpioEvent> Run(IGpioDetector detector, double untilMs, params (double Ms, bool Level)[] edges)
    {
        var events = new List<GpioEvent>();
        var next = 0;
        for (var t = 0.0; t <= untilMs; t += 1)
        {
            while (next < edges.Length && edges[next].Ms <= t)
            {
                detector.OnLevel(edges[next].Level, Ms(edges[next].Ms));
                next++;
            }
            detector.Poll(Ms(t), events);
        }
        return events;
    }

    [Fact]
    public void A_bouncy_press_is_one_press_and_its_release_a_short_press()
    {
        var events = Run(new ButtonDetector(Debounce, TimeSpan.FromSeconds(1)), 600,
            (100, true), (102, false), (105, true), (107, false), (110, true), // contact bounce
            (400, false), (403, true), (406, false));
        Assert.Equal([GpioEventKind.ButtonPressed, GpioEventKind.ButtonReleased, GpioEventKind.ShortPress], events.Select(e => e.Kind));
        Assert.Equal(Ms(110), events[0].At);
        Assert.Equal(Ms(406), events[1].At);
        Assert.Equal(TimeSpan.FromMilliseconds(296), events[2].Duration);
    }

    [Fact]
    public void A_press_held_past_the_long_press_time_is_a_long_press_while_held_and_no_short_press_on_release()
    {
        var events = Run(new ButtonDetector(Debounce, TimeSpan.FromSeconds(1)), 2000, (100, true), (1500, false));
        Assert.Equal([GpioEventKind.ButtonPressed, GpioEventKind.LongPress, GpioEventKind.ButtonReleased], events.Select(e => e.Kind));
        Assert.Equal(TimeSpan.FromSeconds(1), events[1].Duration);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_time_is_nothing()
    {
        Assert.Empty(Run(new ButtonDetector(Debounce, TimeSpan.FromSeconds(1)), 500, (100, true), (110, false)));
    }

    [Fact]
    public void Any_number_of_presses_with_bounce_shorter_than_the_debounce_time_counts_each_press_once()
    {
        var presses =
            from count in Gen.Choose(1, 6)
            from bounces in Gen.ListOf(Gen.Choose(0, 4), count)
            from gaps in Gen.ListOf(Gen.Choose(1, 9), count * 2 * 5)
            select (count, bounces: bounces.ToArray(), gaps: gaps.ToArray());
        Prop.ForAll(presses.ToArbitrary(), p =>
        {
            var edges = new List<(double, bool)>();
            var t = 50.0;
            var g = 0;
            for (var i = 0; i < p.count; i++)
            {
                foreach (var level in new[] { true, false })
                {
                    // A transition with bounce: flips a few ms apart, ending on the new level, then a stable stretch.
                    for (var b = 0; b < p.bounces[i]; b++)
                    {
                        edges.Add((t, level));
                        t += p.gaps[g++ % p.gaps.Length];
                        edges.Add((t, !level));
                        t += p.gaps[g++ % p.gaps.Length];
                    }
                    edges.Add((t, level));
                    t += 200;
                }
            }
            var events = Run(new ButtonDetector(Debounce, TimeSpan.FromSeconds(5)), t + 100, [.. edges]);
            return events.Count(e => e.Kind == GpioEventKind.ButtonPressed) == p.count
                && events.Count(e => e.Kind == GpioEventKind.ShortPress) == p.count
                && events.All(e => e.Kind != GpioEventKind.LongPress);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Motion_ends_only_after_the_PIR_output_stayed_low_for_the_hold_time()
    {
        var events = Run(new PirDetector(Debounce, TimeSpan.FromSeconds(2)), 8000,
            (100, true), (1100, false), (2100, true), // a retrigger within the hold: still one motion
            (3000, false));
        Assert.Equal([GpioEventKind.MotionStarted, GpioEventKind.MotionEnded], events.Select(e => e.Kind));
        Assert.Equal(Ms(3000), events[1].At);
        Assert.Equal(TimeSpan.FromMilliseconds(2900), events[1].Duration);
    }
}
