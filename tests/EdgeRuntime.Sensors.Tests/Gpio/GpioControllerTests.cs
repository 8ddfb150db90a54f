using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Gpio;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Sensors.Tests.Gpio;

public class GpioControllerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_held_button_and_a_PIR_trigger_arrive_as_events_on_the_injected_clock_and_lines_are_released_on_stop()
    {
        var time = new ManualTimeProvider();
        var lines = new FakeGpioLines(time);
        var options = new GpioOptions { ButtonLine = 17, PirLine = 27, LedLine = 22, Debounce = TimeSpan.FromMilliseconds(30), LongPress = TimeSpan.FromSeconds(1) };
        var gpio = new GpioController(options, new ListLogger(), time, () => lines);
        using var cts = new CancellationTokenSource(Deadline);
        var run = gpio.RunAsync(cts.Token);
        await gpio.Ready.WaitAsync(Deadline);

        lines.Inputs[17].Push(rising: true, Timestamp.Now(time).Nanoseconds);
        lines.Inputs[27].Push(rising: true, Timestamp.Now(time).Nanoseconds);
        var events = new List<GpioEvent>();
        // Step the clock until the long press falls due (the watcher polls on its own thread).
        await Eventually.TrueAsync(() =>
        {
            while (gpio.Events.TryRead(out var e))
            {
                events.Add(e);
            }
            if (events.Any(e => e.Kind == GpioEventKind.LongPress))
            {
                return true;
            }
            time.Advance(TimeSpan.FromMilliseconds(10));
            return false;
        }, Deadline, "a long press");

        Assert.Contains(events, e => e.Kind == GpioEventKind.ButtonPressed);
        Assert.Contains(events, e => e.Kind == GpioEventKind.MotionStarted);
        var longPress = events.Single(e => e.Kind == GpioEventKind.LongPress);
        Assert.True(longPress.Duration >= TimeSpan.FromSeconds(1), longPress.ToString());

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        Assert.True(lines.Inputs[17].Released && lines.Inputs[27].Released && lines.Disposed);
        Assert.False(lines.Outputs[22].Writes[^1].On); // the LED is left dark
    }

    [Fact]
    public void The_status_LED_plays_its_pattern_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var output = new FakeGpioLines.FakeOutput(time);
        using var led = new StatusLed(output, time);
        led.Play(BlinkPattern.Heartbeat);
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        var expected = new List<(TimeSpan, bool)> { (TimeSpan.Zero, false) };
        for (var s = 0; s < 2; s++)
        {
            expected.Add((TimeSpan.FromSeconds(s), true));
            expected.Add((TimeSpan.FromSeconds(s) + TimeSpan.FromMilliseconds(100), false));
        }
        expected.Add((TimeSpan.FromSeconds(2), true));
        Assert.Equal(expected, output.Writes);

        led.Play(BlinkPattern.On);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(output.Writes[^1].On);
        Assert.Equal(TimeSpan.FromSeconds(2), output.Writes[^1].At);
    }

    [Fact]
    public async Task A_chip_that_cannot_be_opened_fails_the_component()
    {
        var gpio = new GpioController(new GpioOptions { Chip = "gpiochip99", ButtonLine = 3 }, new ListLogger());
        await Assert.ThrowsAsync<EdgeRuntime.Interop.Gpiod.GpioException>(() => gpio.RunAsync(CancellationToken.None));
        await Assert.ThrowsAsync<EdgeRuntime.Interop.Gpiod.GpioException>(() => gpio.Ready);
    }
}
