using System.Threading.Channels;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Time;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>
/// The GPIO side of the pipeline: a push button (debounce, short and long press), a PIR motion input and a status LED,
/// on the lines named in <see cref="GpioOptions"/>. Input events go to <see cref="Events"/>; the cascade sets the LED's
/// pattern through <see cref="Led"/>.
/// </summary>
/// <remarks>
/// Example configuration: <c>Gpio:Chip=gpiochip0</c>, <c>Gpio:ButtonLine=17</c>, <c>Gpio:PirLine=27</c>,
/// <c>Gpio:LedLine=22</c>. Lifecycle: <see cref="RunAsync"/> requests the lines, watches inputs on their own threads
/// (each waits for the kernel's edge events, or until its detector's next deadline) until cancelled, then releases them.
/// </remarks>
public sealed partial class GpioController : IPipelineComponent
{
    private readonly GpioOptions _options;
    private readonly Func<IGpioLines> _open;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<GpioEvent> _events = Channel.CreateBounded<GpioEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the controller; <paramref name="open"/> opens the chip's lines (default: libgpiod).</summary>
    public GpioController(GpioOptions options, ILogger logger, TimeProvider? time = null, Func<IGpioLines>? open = null)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _open = open ?? (() => new LibgpiodLines(options.Chip, options.Consumer));
    }

    /// <inheritdoc />
    public string Name => "gpio";

    /// <summary>Button and motion events, oldest first (bounded: the oldest are dropped when nobody reads).</summary>
    public ChannelReader<GpioEvent> Events => _events.Reader;

    /// <summary>The status LED (null when no LED line is configured, or before the lines are open).</summary>
    public StatusLed? Led { get; private set; }

    /// <summary>Completes once the lines are requested (faults when that failed).</summary>
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        IGpioLines lines;
        try
        {
            lines = _open();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
        using (lines)
        {
            var inputs = new List<(IGpioInput Input, IGpioDetector Detector, string What)>();
            try
            {
                if (_options.ButtonLine >= 0)
                {
                    inputs.Add((lines.OpenInput(_options.ButtonLine, _options.ButtonActiveLow, pullUp: _options.ButtonActiveLow),
                        new ButtonDetector(_options.Debounce, _options.LongPress), "button"));
                }
                if (_options.PirLine >= 0)
                {
                    inputs.Add((lines.OpenInput(_options.PirLine, activeLow: false, pullUp: false), new PirDetector(_options.Debounce, _options.PirHold), "pir"));
                }
                if (_options.LedLine >= 0)
                {
                    Led = new StatusLed(lines.OpenOutput(_options.LedLine), _time);
                    Led.Play(BlinkPattern.Heartbeat);
                }
                LogOpened(_logger, _options.Chip, _options.ButtonLine, _options.PirLine, _options.LedLine);
                _ready.TrySetResult();
                var loops = inputs.Select(i => Task.Factory.StartNew(() => Watch(i.Input, i.Detector, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _ready.TrySetException(e);
                throw;
            }
            finally
            {
                Led?.Dispose();
                foreach (var (input, _, _) in inputs)
                {
                    input.Dispose();
                }
            }
        }
    }

    private void Watch(IGpioInput input, IGpioDetector detector, CancellationToken stoppingToken)
    {
        var events = new List<GpioEvent>(4);
        detector.OnLevel(input.Read(), Timestamp.Now(_time));
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = Timestamp.Now(_time);
            // Wait for an edge, but no longer than until the detector has something to decide (and at most 100 ms, to notice a stop).
            var wait = detector.NextDeadline is { } due ? TimeSpan.FromTicks(Math.Clamp(due.NanosecondsSince(now) / 100, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMillisecond * 100)) : TimeSpan.FromMilliseconds(100);
            if (input.TryWaitForEdge(wait, out var edge))
            {
                detector.OnLevel(edge.Rising, new Timestamp(edge.TimestampNanoseconds));
            }
            detector.Poll(Timestamp.Now(_time), events);
            foreach (var e in events)
            {
                _events.Writer.TryWrite(e);
                LogEvent(_logger, e.Kind, e.Duration.TotalMilliseconds);
            }
            events.Clear();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gpio: {Chip} button line {Button}, PIR line {Pir}, LED line {Led}")]
    private static partial void LogOpened(ILogger logger, string chip, int button, int pir, int led);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gpio: {Kind} ({DurationMs:F0} ms)")]
    private static partial void LogEvent(ILogger logger, GpioEventKind kind, double durationMs);
}
