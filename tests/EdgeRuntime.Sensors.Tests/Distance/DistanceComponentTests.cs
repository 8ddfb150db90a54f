using System.Buffers.Binary;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Testing.Simulation;

namespace EdgeRuntime.Sensors.Tests.Distance;

/// <summary>
/// The distance component over Iot.Device.Bindings' real VL53L0X binding, which talks to a register model of the sensor
/// (<see cref="FakeVl53L0x"/>) instead of <c>/dev/i2c-1</c>: opening, ranging, obstacles, speech, and a sensor that is
/// absent, unplugged, hung or not a VL53L0X. Time is a manual clock.
/// </summary>
public sealed class DistanceComponentTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly DistanceOptions Options = new() { Enabled = true, Interval = TimeSpan.FromMilliseconds(100) };

    /// <summary>What the component told the daemon, in order.</summary>
    private sealed class Recorder : IDistanceListener
    {
        private readonly List<string> _log = [];

        public List<DistanceReading> Reports { get; } = [];

        public IReadOnlyList<string> Log
        {
            get
            {
                lock (_log)
                {
                    return [.. _log];
                }
            }
        }

        public DistanceReading LastReport
        {
            get
            {
                lock (_log)
                {
                    return Reports[^1];
                }
            }
        }

        public void Reported(DistanceReading reading)
        {
            lock (_log)
            {
                Reports.Add(reading);
                _log.Add(reading.Available ? $"state {reading.DistanceMm?.ToString() ?? "none"}{(reading.Obstacle ? " obstacle" : "")}" : "state unavailable");
            }
        }

        public void ObstacleArrived(int distanceMm, Timestamp at) => Add($"arrived {distanceMm}");

        public void ObstacleLeft(int? distanceMm, Timestamp at) => Add($"left {distanceMm?.ToString() ?? "none"}");

        public void Say(string sentence) => Add($"say {sentence}");

        private void Add(string line)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }

    private static (DistanceComponent Component, Recorder Listener, ListLogger Logger) Create(ManualTimeProvider time, Func<System.Device.I2c.I2cDevice> device, DistanceOptions? options = null)
    {
        var listener = new Recorder();
        var logger = new ListLogger();
        return (new DistanceComponent(options ?? Options, listener, logger, time, device), listener, logger);
    }

    // One interval of manual time, then wait until the loop has taken the reading it allowed.
    private static async Task StepAsync(ManualTimeProvider time, FakeVl53L0x sensor)
    {
        var before = sensor.Transfers;
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(() => sensor.Transfers > before || !sensor.Present, Deadline, "a reading");
    }

    [Fact]
    public async Task The_binding_initialises_the_sensor_into_timed_continuous_ranging_and_an_approaching_obstacle_is_announced_once()
    {
        var time = new ManualTimeProvider();
        var sensor = new FakeVl53L0x { Millimetres = 1500 };
        var (distance, listener, logger) = Create(time, () => sensor);
        using var cts = new CancellationTokenSource(Deadline);
        var run = distance.RunAsync(cts.Token);
        await Eventually.TrueAsync(() => listener.Log.Count >= 1, Deadline, "the first reading");

        Assert.Equal(0x04, sensor.Register(0x00)); // SYSRANGE_START: timed continuous mode
        Assert.Equal(100u, BinaryPrimitives.ReadUInt32BigEndian([sensor.Register(0x04), sensor.Register(0x05), sensor.Register(0x06), sensor.Register(0x07)]));
        Assert.Equal("VL53L0X at 0x29 on /dev/i2c-1 (product VL53L0CBV0DH/1$5, module 1, revision 1.1)", distance.SensorDescription);
        Assert.True(logger.Contains("distance: VL53L0X at 0x29 on /dev/i2c-1 (product"), logger.ToString());

        foreach (var mm in new[] { 1400, 1100, 950, 900, 1150, 1300, 8190 })
        {
            sensor.Millimetres = mm;
            await StepAsync(time, sensor);
        }
        await Eventually.TrueAsync(() => listener.Log.Contains("state none"), Deadline, "nothing in range at the end");
        Assert.Equal(
            ["state 1500", "state 1400", "state 1100", "arrived 950", "state 950 obstacle", "say obstacle ahead, about 1 metre", "state 900 obstacle",
             "state 1150 obstacle", "left 1300", "state 1300", "state none"],
            listener.Log);
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
        Assert.True(sensor.Disposed, "the binding releases the I2C device on stop");
    }

    [Fact]
    public async Task An_absent_sensor_is_reported_at_once_retried_with_backoff_and_recovers_when_it_answers()
    {
        var time = new ManualTimeProvider();
        // Each attempt opens the bus afresh, as System.Device.I2c does; the sensor answers once plugged in.
        var plugged = false;
        var opens = 0;
        var (distance, listener, logger) = Create(time, () =>
        {
            Interlocked.Increment(ref opens);
            return new FakeVl53L0x { Present = Volatile.Read(ref plugged), Millimetres = 700 };
        });
        using var cts = new CancellationTokenSource(Deadline);
        var run = distance.RunAsync(cts.Token);

        // Reported before any time passes: one state message and one log line naming the sensor and the reason.
        Assert.False(distance.Available);
        Assert.Equal(["state unavailable"], listener.Log);
        Assert.Equal("Error 121 performing I2C data transfer.", listener.LastReport.Error);
        Assert.True(logger.Contains("distance: VL53L0X at 0x29 on /dev/i2c-1 unavailable: Error 121 performing I2C data transfer."), logger.ToString());

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, Volatile.Read(ref opens));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => Volatile.Read(ref opens) == 2, Deadline, "a retry after 0.5 s");
        Assert.Equal(["state unavailable"], listener.Log); // still away: not reported again

        Volatile.Write(ref plugged, true);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => distance.Available && listener.Log.Count >= 3, Deadline, "recovered and reading");
        Assert.Equal(["state unavailable", "arrived 700", "state 700 obstacle", "say obstacle ahead, about 70 centimetres"], listener.Log);
        Assert.True(logger.Contains("distance: VL53L0X at 0x29 on /dev/i2c-1 recovered after 2 failed attempts"), logger.ToString());
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_sensor_unplugged_with_an_obstacle_in_front_clears_it_and_is_reported_on_the_next_reading()
    {
        var time = new ManualTimeProvider();
        var sensor = new FakeVl53L0x { Millimetres = 600 };
        var (distance, listener, _) = Create(time, () => sensor);
        using var cts = new CancellationTokenSource(Deadline);
        var run = distance.RunAsync(cts.Token);
        await Eventually.TrueAsync(() => listener.Log.Count >= 3, Deadline, "the obstacle");

        sensor.Present = false;
        time.Advance(TimeSpan.FromMilliseconds(100)); // one interval: the next reading fails
        await Eventually.TrueAsync(() => listener.Log.Contains("state unavailable"), Deadline, "the failure reported");
        Assert.Equal(["arrived 600", "state 600 obstacle", "say obstacle ahead, about 60 centimetres", "left none", "state unavailable"], listener.Log);
        Assert.False(distance.Available);
        await cts.CancelAsync();
        await run.WaitAsync(Deadline);
    }

    // Runs the component while the body checks what it did, then stops it and waits for it to end.
    private static async Task WhileRunning(DistanceComponent component, Func<Task> body)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var run = component.RunAsync(cts.Token);
        try
        {
            await body();
        }
        finally
        {
            await cts.CancelAsync();
            await run.WaitAsync(Deadline);
        }
    }

    [Fact]
    public async Task A_hung_sensor_times_out_in_the_binding_and_is_reported()
    {
        var time = new ManualTimeProvider();
        var sensor = new FakeVl53L0x { Millimetres = 1500 };
        var (distance, listener, logger) = Create(time, () => sensor);
        await WhileRunning(distance, async () =>
        {
            await Eventually.TrueAsync(() => listener.Log.Count >= 1, Deadline, "the first reading");
            sensor.Stalled = true;
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Eventually.TrueAsync(() => listener.Log.Contains("state unavailable"), Deadline, "the timeout reported");
            Assert.True(logger.Contains("timeout"), logger.ToString());
        });
    }

    [Fact]
    public Task Something_else_at_the_address_is_named_as_not_a_VL53L0X()
    {
        var (distance, listener, _) = Create(new ManualTimeProvider(), () => new FakeVl53L0x(modelId: 0xEA));
        return WhileRunning(distance, () =>
        {
            Assert.Equal("the device at 0x29 on /dev/i2c-1 is not a VL53L0X (model id 0xea, expected 0xee)", listener.LastReport.Error);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public Task A_bus_that_does_not_exist_is_reported_naming_its_device_node()
    {
        var listener = new Recorder();
        var distance = new DistanceComponent(Options with { Bus = 99 }, listener, new ListLogger(), new ManualTimeProvider());
        return WhileRunning(distance, () =>
        {
            Assert.Contains("/dev/i2c-99", listener.LastReport.Error, StringComparison.Ordinal);
            return Task.CompletedTask;
        });
    }
}
