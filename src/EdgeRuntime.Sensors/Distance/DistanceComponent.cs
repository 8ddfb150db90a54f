using System.Device.I2c;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Devices;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Distance;

/// <summary>The sensor's state after one reading or failure.</summary>
/// <param name="DistanceMm">The distance in range (null: nothing in range, or unavailable).</param>
/// <param name="Obstacle">True while an obstacle is reported.</param>
/// <param name="Available">False while the sensor cannot be read.</param>
/// <param name="Error">Why it is unavailable.</param>
/// <param name="At">When (monotonic).</param>
public readonly record struct DistanceReading(int? DistanceMm, bool Obstacle, bool Available, string? Error, Timestamp At);

/// <summary>What the distance sensor tells the rest of the daemon (MQTT and speech, wired by the composition root).</summary>
public interface IDistanceListener
{
    /// <summary>The state changed enough to publish (<see cref="DistanceOptions.ReportStep"/>, an obstacle, a failure or a recovery).</summary>
    void Reported(DistanceReading reading);

    /// <summary>An obstacle arrived at <paramref name="distanceMm"/>.</summary>
    void ObstacleArrived(int distanceMm, Timestamp at);

    /// <summary>The obstacle went (moved away, or the sensor failed).</summary>
    void ObstacleLeft(int? distanceMm, Timestamp at);

    /// <summary>A sentence to say now (already rate-limited).</summary>
    void Say(string sentence);
}

/// <summary>
/// The obstacle-distance sensor: reads a VL53L0X every <see cref="DistanceOptions.Interval"/>, tracks obstacles with
/// hysteresis and a spoken rate limit (<see cref="ObstacleTracker"/>), and tells an <see cref="IDistanceListener"/>.
/// </summary>
/// <remarks>
/// Example configuration: <c>Distance:Enabled=true</c>, <c>Distance:Bus=1</c>, <c>Distance:Address=0x29</c>.
/// Lifecycle: <see cref="RunAsync"/> opens the sensor; when that or a read fails (no <c>/dev/i2c-N</c>, nothing at the
/// address, a bus error, a timeout) it reports the sensor unavailable at once (one log line naming the bus, address and
/// reason, and a state message), clears any obstacle, and opens it again with backoff (0.5 s doubling to 30 s) until it
/// answers or the run stops. Waits use the injected <see cref="TimeProvider"/>.
/// Design: one loop owns the sensor, the tracker and the backoff; <see cref="Available"/> and <see cref="SensorDescription"/>
/// are volatile so other threads can read them; the listener is called on the loop's thread.
/// </remarks>
public sealed partial class DistanceComponent : IPipelineComponent
{
    private readonly DistanceOptions _options;
    private readonly IDistanceListener _listener;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<IRangeSensor> _open;
    private readonly ObstacleTracker _tracker;
    private volatile bool _available;
    private volatile string? _description;

    /// <summary>Creates the component; <paramref name="openDevice"/> opens the I2C device (default: <c>/dev/i2c-Bus</c> at <c>Address</c>).</summary>
    public DistanceComponent(DistanceOptions options, IDistanceListener listener, ILogger logger, TimeProvider? time = null, Func<I2cDevice>? openDevice = null)
    {
        _options = options;
        _listener = listener;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _tracker = new ObstacleTracker(options);
        var device = openDevice ?? (() => OpenDevice(options));
        _open = () => Vl53L0xSensor.Open(device(), options);
    }

    /// <inheritdoc />
    public string Name => "distance";

    /// <summary>True while the sensor is read.</summary>
    public bool Available => _available;

    /// <summary>The open sensor, e.g. <c>VL53L0X at 0x29 on /dev/i2c-1 (product ...)</c>; null until it opened.</summary>
    public string? SensorDescription => _description;

    /// <summary>Opens <c>/dev/i2c-Bus</c> at <c>Address</c> through System.Device.I2c.</summary>
    public static I2cDevice OpenDevice(DistanceOptions options) => I2cDevice.Create(new I2cConnectionSettings(options.Bus, options.Address));

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(_options.RetryMin, _options.RetryMax);
        var reported = false; // an unavailable state is published once per outage, not per attempt
        while (!stoppingToken.IsCancellationRequested)
        {
            IRangeSensor? sensor = null;
            try
            {
                sensor = _open();
                _description = sensor.Description;
                _available = true;
                if (backoff.Failures > 0)
                {
                    LogRecovered(_logger, _options.Describe(), backoff.Failures);
                }
                else
                {
                    LogOpened(_logger, sensor.Description, _options.Interval.TotalMilliseconds);
                }
                backoff.Succeeded();
                reported = false;
                await ReadUntilFailureAsync(sensor, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // A device loop outlives whatever the bus or the binding throws (IOException, a calibration that failed,
            // a timeout): it says why and tries again.
            catch (Exception e)
            {
                _available = false;
                var wait = backoff.Failed();
                var at = Timestamp.Now(_time);
                if (backoff.ShouldLog)
                {
                    LogUnavailable(_logger, _options.Describe(), e.Message, backoff.Failures, wait.TotalSeconds);
                }
                if (_tracker.Reset())
                {
                    _listener.ObstacleLeft(null, at);
                }
                if (!reported)
                {
                    _listener.Reported(new DistanceReading(null, false, false, e.Message, at));
                    reported = true;
                }
                try
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                sensor?.Dispose();
            }
        }
    }

    private async Task ReadUntilFailureAsync(IRangeSensor sensor, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        var first = true;
        do
        {
            var mm = sensor.ReadMillimetres();
            var at = Timestamp.Now(_time);
            var update = _tracker.OnReading(mm, at);
            if (update.Left)
            {
                _listener.ObstacleLeft(_tracker.DistanceMm, at);
            }
            if (update.Entered)
            {
                _listener.ObstacleArrived(mm, at);
            }
            if (update.Report || first)
            {
                _listener.Reported(new DistanceReading(_tracker.DistanceMm, _tracker.Present, true, null, at));
            }
            if (update.Speak is { } sentence && _options.Speak)
            {
                LogSpeak(_logger, sentence);
                _listener.Say(sentence);
            }
            first = false;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "distance: {Sensor}, read every {IntervalMs:F0} ms")]
    private static partial void LogOpened(ILogger logger, string sensor, double intervalMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "distance: {Sensor} unavailable: {Reason}; no obstacle warnings until it answers (attempt {Attempt}, next in {RetrySeconds:F1} s)")]
    private static partial void LogUnavailable(ILogger logger, string sensor, string reason, int attempt, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "distance: {Sensor} recovered after {Failures} failed attempts")]
    private static partial void LogRecovered(ILogger logger, string sensor, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "distance: say \"{Sentence}\"")]
    private static partial void LogSpeak(ILogger logger, string sentence);
}
