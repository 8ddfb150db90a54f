using System.Device.Gpio;
using EdgeRuntime.Sensors.Gpio;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Sensors.Tests.Gpio;

/// <summary>
/// The GPIO component through System.Device.Gpio's real GpioController over a fake driver (no chip here): requests,
/// edges, debouncing, presses, the PIR, the LED and a chip that is missing and then appears.
/// </summary>
public class GpioComponentTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static List<GpioEvent> Drain(GpioComponent gpio, List<GpioEvent> into)
    {
        while (gpio.Events.TryRead(out var e))
        {
            into.Add(e);
        }
        return into;
    }

    [Fact]
    public async Task A_bouncy_press_a_long_press_and_a_PIR_trigger_are_decided_on_the_injected_clock_and_everything_is_released_on_stop()
    {
        var time = new ManualTimeProvider();
        var driver = new FakeGpioDriver(time);
        var options = new GpioOptions { ButtonLine = 17, PirLine = 27, LedLine = 22, Debounce = TimeSpan.FromMilliseconds(30), LongPress = TimeSpan.FromSeconds(1) };
        var gpio = new GpioComponent(options, new ListLogger(), time, () => driver);
        using var cts = new CancellationTokenSource(Deadline);
        var run = gpio.RunAsync(cts.Token);
        await gpio.Ready.WaitAsync(Deadline);
        Assert.Equal(PinMode.InputPullUp, driver.Opened[17]); // active-low button: the pull-up holds it high when open
        Assert.Equal(PinMode.Input, driver.Opened[27]);
        Assert.Equal(PinMode.Output, driver.Opened[22]);
        driver.Drive(17, high: true); // released (active low)

        // A short press with contact bounce: low-high-low within 4 ms, held 200 ms, then released.
        driver.Drive(17, high: false);
        time.Advance(TimeSpan.FromMilliseconds(2));
        driver.Drive(17, high: true);
        time.Advance(TimeSpan.FromMilliseconds(2));
        driver.Drive(17, high: false);
        time.Advance(TimeSpan.FromMilliseconds(200));
        driver.Drive(17, high: true);
        time.Advance(TimeSpan.FromMilliseconds(50));
        var events = Drain(gpio, []);
        Assert.Equal([GpioEventKind.ButtonPressed, GpioEventKind.ButtonReleased, GpioEventKind.ShortPress], events.Select(e => e.Kind));
        Assert.Equal(TimeSpan.FromMilliseconds(200), events[2].Duration);

        // Held: the long press fires while held, from the timer alone (no edge), once the clock reaches 1 s.
        events.Clear();
        driver.Drive(17, high: false);
        driver.Drive(27, high: true);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.DoesNotContain(Drain(gpio, events), e => e.Kind == GpioEventKind.LongPress);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Drain(gpio, events);
        Assert.Equal([GpioEventKind.ButtonPressed, GpioEventKind.LongPress, GpioEventKind.MotionStarted], events.Select(e => e.Kind).Order()); // in enum order
        Assert.Equal(TimeSpan.FromSeconds(1), events.Single(e => e.Kind == GpioEventKind.LongPress).Duration);

        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        Assert.Empty(driver.OpenPins);
        Assert.True(driver.Disposed, "the chip is closed on stop");
        Assert.False(driver.Writes(22)[^1].High); // the LED is left dark
    }

    [Fact]
    public void The_status_LED_plays_its_pattern_on_the_injected_clock()
    {
        var time = new ManualTimeProvider();
        var driver = new FakeGpioDriver(time);
        using var controller = new GpioController(driver);
        using var line = new GpioOutputLine(controller, 22);
        using var led = new StatusLed(line, time);
        led.Play(BlinkPattern.Heartbeat);
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        // Opened low, the LED's own "off", then the heartbeat: on for 100 ms every second.
        var expected = new List<(TimeSpan, bool)> { (TimeSpan.Zero, false), (TimeSpan.Zero, false) };
        for (var s = 0; s < 2; s++)
        {
            expected.Add((TimeSpan.FromSeconds(s), true));
            expected.Add((TimeSpan.FromSeconds(s) + TimeSpan.FromMilliseconds(100), false));
        }
        expected.Add((TimeSpan.FromSeconds(2), true));
        Assert.Equal(expected, driver.Writes(22));

        led.Play(BlinkPattern.On);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(driver.Writes(22)[^1].High);
        Assert.Equal(TimeSpan.FromSeconds(2), driver.Writes(22)[^1].At);
    }

    [Fact]
    public async Task A_missing_chip_is_reported_at_once_naming_it_retried_with_backoff_and_recovers_when_it_appears()
    {
        var time = new ManualTimeProvider();
        var logger = new ListLogger();
        var attempts = 0;
        FakeGpioDriver? driver = null;
        var present = false;
        GpioDriver Open()
        {
            Interlocked.Increment(ref attempts);
            return Volatile.Read(ref present) ? driver = new FakeGpioDriver(time) : throw new GpioUnavailableException("no GPIO chip 'gpiochip7' (libgpiod lists none)");
        }
        var gpio = new GpioComponent(new GpioOptions { Chip = "gpiochip7", ButtonLine = 5 }, logger, time, Open);
        using var cts = new CancellationTokenSource(Deadline);
        var run = gpio.RunAsync(cts.Token);

        // Reported on the first attempt, without waiting for any retry.
        Assert.Equal(1, Volatile.Read(ref attempts));
        Assert.False(gpio.Available);
        Assert.Contains("gpiochip7", gpio.LastError, StringComparison.Ordinal);
        Assert.True(logger.Contains("gpio: gpiochip7 unavailable: no GPIO chip 'gpiochip7'"), logger.ToString());
        Assert.False(run.IsCompleted, "a missing chip does not end the component");

        // Backoff 1 s, 2 s, 4 s: three more attempts after 7 s, none before.
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 2, Deadline, "the second attempt after 1 s");
        time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 3, Deadline, "the third attempt 2 s later");

        Volatile.Write(ref present, true);
        time.Advance(TimeSpan.FromSeconds(4));
        await gpio.Ready.WaitAsync(Deadline);
        Assert.True(gpio.Available);
        Assert.Null(gpio.LastError);
        Assert.True(logger.Contains("gpio: gpiochip7 recovered after 3 failed attempts"), logger.ToString());
        Assert.True(driver!.HasCallback(5));
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_busy_line_releases_what_was_opened_and_is_retried()
    {
        var time = new ManualTimeProvider();
        var logger = new ListLogger();
        var drivers = new List<FakeGpioDriver>();
        FakeGpioDriver Open()
        {
            var d = new FakeGpioDriver(time);
            d.Busy[27] = drivers.Count == 0; // the PIR line is taken by another program the first time only
            lock (drivers)
            {
                drivers.Add(d);
            }
            return d;
        }
        var gpio = new GpioComponent(new GpioOptions { ButtonLine = 17, PirLine = 27 }, logger, time, Open);
        using var cts = new CancellationTokenSource(Deadline);
        var run = gpio.RunAsync(cts.Token);
        Assert.True(logger.Contains("line 27 is in use"), logger.ToString());
        Assert.True(drivers[0].Disposed && drivers[0].OpenPins.Count == 0, "the button line and the chip are released after the PIR line failed");
        time.Advance(TimeSpan.FromSeconds(1));
        await gpio.Ready.WaitAsync(Deadline);
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public void The_backend_is_v2_when_libgpiod_so_3_loads_else_v1_else_none_and_chips_are_named_by_name_path_or_number()
    {
        Assert.Equal(LibgpiodApi.V2, GpioBackend.Probe(_ => true).Api);
        Assert.Equal(LibgpiodApi.V1, GpioBackend.Probe(lib => lib == "libgpiod.so.2").Api);
        var none = GpioBackend.Probe(_ => false);
        Assert.Equal(LibgpiodApi.None, none.Api);
        var e = Assert.Throws<GpioUnavailableException>(() => none.Open("gpiochip0"));
        Assert.Contains("libgpiod.so.3", e.Message, StringComparison.Ordinal);
        Assert.Equal([0, 4, 12, null, null], new[] { "gpiochip0", "/dev/gpiochip4", "12", "pinctrl-bcm2711", "gpiochip" }.Select(GpioBackend.ChipNumber));
    }

    [Fact]
    public void On_this_machine_a_libgpiod_loads_and_opening_an_absent_chip_names_it_and_the_backend()
    {
        // The bootstrap installs libgpiod2 (Debian 12: the v1 API; Debian 13 would bring libgpiod3); no GPIO chip here.
        Assert.NotEqual(LibgpiodApi.None, GpioBackend.Current.Api);
        var e = Assert.Throws<GpioUnavailableException>(() => GpioBackend.Current.Open("gpiochip99"));
        Assert.Contains("gpiochip99", e.Message, StringComparison.Ordinal);
        Assert.Contains(GpioBackend.Current.Api == LibgpiodApi.V1 ? "libgpiod v1 (libgpiod.so.2" : "libgpiod v2 (libgpiod.so.3", e.Message, StringComparison.Ordinal);
    }
}
