using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Threading.Channels;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Devices;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// The GPIO side of the pipeline: a push button (debounce, short and long press), a PIR motion input and a status LED,
/// on the lines named in <see cref="GpioOptions"/>, through System.Device.Gpio's <see cref="GpioController"/> over the
/// libgpiod driver the board has (<see cref="GpioBackend"/>). Input events go to <see cref="Events"/>; the cascade
/// sets the LED's pattern through <see cref="Led"/>.
/// </summary>
/// <remarks>
/// Example configuration: <c>Gpio:Chip=gpiochip0</c>, <c>Gpio:ButtonLine=17</c>, <c>Gpio:PirLine=27</c>,
/// <c>Gpio:LedLine=22</c>. Lifecycle: <see cref="RunAsync"/> opens the chip and requests the lines; when that fails
/// (no chip, no libgpiod, a line in use) it logs one line naming the chip and the reason, runs without GPIO and tries
/// again with backoff (1 s doubling to 30 s) until it works or the run stops; then it releases the lines.
/// Design: <see cref="Led"/>, <see cref="Available"/> and <see cref="LastError"/> are written by the run loop and read
/// by other threads (volatile reads through the properties); events are written by the watchers into a bounded channel.
/// </remarks>
public sealed partial class GpioComponent : IPipelineComponent
{
    private readonly GpioOptions _options;
    private readonly Func<GpioDriver> _open;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<GpioEvent> _events = Channel.CreateBounded<GpioEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile StatusLed? _led;
    private volatile string? _lastError;
    private volatile bool _available;

    /// <summary>Creates the component; <paramref name="open"/> opens the chip's driver (default: <see cref="GpioBackend.Current"/>).</summary>
    public GpioComponent(GpioOptions options, ILogger logger, TimeProvider? time = null, Func<GpioDriver>? open = null)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _open = open ?? (() => GpioBackend.Current.Open(options.Chip));
    }

    /// <inheritdoc />
    public string Name => "gpio";

    /// <summary>Button and motion events, oldest first (bounded: the oldest are dropped when nobody reads).</summary>
    public ChannelReader<GpioEvent> Events => _events.Reader;

    /// <summary>The status LED (null when no LED line is configured, or while the chip is not open).</summary>
    public StatusLed? Led => _led;

    /// <summary>True while the lines are requested.</summary>
    public bool Available => _available;

    /// <summary>Why the chip or a line could not be opened last time (null once it works).</summary>
    public string? LastError => _lastError;

    /// <summary>Completes once the lines are requested the first time.</summary>
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new RetryBackoff(_options.RetryMin, _options.RetryMax);
        while (!stoppingToken.IsCancellationRequested)
        {
            var opened = TryOpen(out var error);
            if (opened is null)
            {
                _lastError = error;
                var wait = backoff.Failed();
                if (backoff.ShouldLog)
                {
                    LogUnavailable(_logger, _options.Chip, error!, backoff.Failures, wait.TotalSeconds);
                }
                try
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            using (opened)
            {
                if (backoff.Failures > 0)
                {
                    LogRecovered(_logger, _options.Chip, backoff.Failures);
                }
                backoff.Succeeded();
                _lastError = null;
                _available = true;
                _ready.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                _available = false;
                _led = null;
            }
            return;
        }
    }

    // Opens the chip and every configured line, or releases what it opened and says why.
    private OpenLines? TryOpen(out string? error)
    {
        GpioController? controller = null;
        var lines = new OpenLines();
        try
        {
            var driver = _open();
            controller = new GpioController(driver);
            lines.Controller = controller;
            var backend = GpioBackend.DescribeDriver(driver);
            if (_options.ButtonLine >= 0)
            {
                lines.Add(_options.ButtonLine, new ButtonDetector(_options.Debounce, _options.LongPress), activeLow: _options.ButtonActiveLow, pullUp: _options.ButtonActiveLow, this);
            }
            if (_options.PirLine >= 0)
            {
                lines.Add(_options.PirLine, new PirDetector(_options.Debounce, _options.PirHold), activeLow: false, pullUp: false, this);
            }
            if (_options.LedLine >= 0)
            {
                lines.Output = new GpioOutputLine(controller, _options.LedLine);
                lines.Led = new StatusLed(lines.Output, _time);
                lines.Led.Play(BlinkPattern.Heartbeat);
                _led = lines.Led;
            }
            LogOpened(_logger, _options.Chip, backend, _options.ButtonLine, _options.PirLine, _options.LedLine);
            error = null;
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or GpiodException or InvalidOperationException or ArgumentException)
        {
            lines.Dispose();
            error = e.Message;
            return null;
        }
    }

    private void Emit(GpioEvent e)
    {
        _events.Writer.TryWrite(e);
        LogEvent(_logger, e.Kind, e.Duration.TotalMilliseconds);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    // Everything one successful open holds, released in reverse order (the controller last: it closes the driver).
    private sealed class OpenLines : IDisposable
    {
        private readonly List<(GpioInputLine Line, GpioInputWatcher Watcher)> _inputs = [];

        public GpioController? Controller { get; set; }

        public GpioOutputLine? Output { get; set; }

        public StatusLed? Led { get; set; }

        public void Add(int pin, IGpioDetector detector, bool activeLow, bool pullUp, GpioComponent owner)
        {
            var watcher = new GpioInputWatcher(detector, owner._time, owner.Emit);
            try
            {
                var line = new GpioInputLine(Controller!, pin, activeLow, pullUp, owner._time, watcher.OnLevel);
                _inputs.Add((line, watcher));
                watcher.OnLevel(line.Read(), Timestamp.Now(owner._time));
            }
            catch
            {
                watcher.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Led?.Dispose();
            Output?.Dispose();
            foreach (var (line, watcher) in _inputs)
            {
                line.Dispose();
                watcher.Dispose();
            }
            Controller?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gpio: {Chip} through {Backend}: button line {Button}, PIR line {Pir}, LED line {Led}")]
    private static partial void LogOpened(ILogger logger, string chip, string backend, int button, int pir, int led);

    [LoggerMessage(Level = LogLevel.Error, Message = "gpio: {Chip} unavailable: {Reason}; running without the button, PIR and LED (attempt {Attempt}, next in {RetrySeconds:F0} s)")]
    private static partial void LogUnavailable(ILogger logger, string chip, string reason, int attempt, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "gpio: {Chip} recovered after {Failures} failed attempts")]
    private static partial void LogRecovered(ILogger logger, string chip, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gpio: {Kind} ({DurationMs:F0} ms)")]
    private static partial void LogEvent(ILogger logger, GpioEventKind kind, double durationMs);
}
