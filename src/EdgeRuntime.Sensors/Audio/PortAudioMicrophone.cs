using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.PortAudio;
using EdgeRuntime.Sensors.Devices;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Audio;

/// <summary>
/// Captures a microphone through PortAudio (ALSA on Linux) into an <see cref="AudioRing"/>: 16-bit capture mixed to
/// mono, resampled to the ring's rate when the device cannot deliver it, and stamped on the monotonic clock by a
/// <see cref="ClockMapper"/> fed with PortAudio's ADC times, so the device crystal's drift and the callback's jitter
/// do not reach the stamps. Input overflows become gaps in the ring and device-overflow counts.
/// </summary>
/// <remarks>
/// Example configuration: <c>Audio:Source=portaudio</c>, <c>Audio:Device=USB Audio</c> (exact name, unique
/// substring, or <c>default</c>), <c>Audio:SampleRate=16000</c>. Lifecycle: <see cref="RunAsync"/> opens and starts
/// the stream, captures until cancelled, then stops it and completes the ring. The callback allocates nothing.
/// <para>A microphone that is absent (a USB microphone not plugged in yet, a wrong name), fails to open, or is lost
/// while capturing (PortAudio stopped the stream on a device error, or no buffer came for <see cref="StallTimeout"/>)
/// is opened again with backoff (<see cref="RetryBackoff"/>) in a fresh PortAudio session, because ALSA enumerates
/// devices only when PortAudio initialises: the cascade runs without audio meanwhile (the stream monitor reports the
/// microphone missing within its timeout) and recovers when samples flow again.</para>
/// <para>Design: the supervision loop (<see cref="RunAsync"/>) owns the session and stream; the capture state below
/// is set up by it before each stream starts (Pa_StartStream publishes it to PortAudio's callback thread) and is the
/// callback thread's until the stream is stopped or aborted, which joins that thread. <see cref="Buffers"/> is written
/// by the callback and read by the loop with Volatile.</para>
/// </remarks>
public sealed partial class PortAudioMicrophone : IPipelineComponent, IPortAudioInputSink
{
    private readonly string _deviceName;
    private readonly TimeSpan _blockDuration;
    private readonly AudioRing _ring;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RetryBackoff _retry;
    private long _buffers;
    private long _opens;

    // Owned by PortAudio's callback thread once the stream starts (set up before Start, which publishes them).
    private ClockMapper _mapper = null!;
    private Resampler? _resampler;
    private float[] _mono = [];
    private float[] _converted = [];
    private int _channels;
    private double _deviceRate;
    private double _inputLatency;
    private long _deviceIndex;
    private long _ringIndex;
    private double _expectedAdcTime;

    /// <summary>
    /// Creates the microphone; it opens the device when it runs. <paramref name="retry"/> paces reopening an absent or
    /// lost device (default 250 ms doubling to 5 s, as the V4L2 camera).
    /// </summary>
    public PortAudioMicrophone(string device, TimeSpan blockDuration, AudioRing ring, ILogger logger, TimeProvider? time = null, RetryBackoff? retry = null)
    {
        _deviceName = device;
        _blockDuration = blockDuration;
        _ring = ring;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _retry = retry ?? new RetryBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    /// <summary>No buffer from a started stream for this long: the device is taken as lost and opened again.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Streams opened and started so far (a reopened microphone counts again).</summary>
    public long Opens => Interlocked.Read(ref _opens);

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>The device opened (after start).</summary>
    public PortAudioDevice? Device { get; private set; }

    /// <summary>The rate the device runs at (after start); differs from the ring's when resampling.</summary>
    public double DeviceRate => _deviceRate;

    /// <summary>The clock mapping of the device's sample clock (read it from the capture thread's side only for diagnostics).</summary>
    public ClockMapper? Mapper => _mapper;

    /// <summary>Buffers delivered by PortAudio.</summary>
    public long Buffers => Interlocked.Read(ref _buffers);

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                string reason;
                try
                {
                    reason = await CaptureAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (PortAudioException e)
                {
                    reason = e.Message;
                }
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                var wait = _retry.Failed();
                if (_retry.ShouldLog)
                {
                    LogUnavailable(_logger, Name, _deviceName, reason, _retry.Failures, wait.TotalSeconds);
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
        }
        finally
        {
            _ring.Complete();
        }
    }

    // Opens the device in a fresh session and captures until cancelled (returns "") or until the stream is lost
    // (returns why). Throws PortAudioException when the device cannot be found or opened.
    private async Task<string> CaptureAsync(CancellationToken stoppingToken)
    {
        using var session = new PortAudioSession();
        var device = session.FindInput(_deviceName);
        var rate = _ring.SampleRate;
        // Prefer what the ring wants; otherwise the device's own rate, resampled.
        (_channels, _deviceRate) = session.Supports(device, 1, rate) ? (1, rate)
            : session.Supports(device, 2, rate) ? (2, rate)
            : session.Supports(device, 1, device.DefaultSampleRate) ? (1, device.DefaultSampleRate)
            : (Math.Min(2, device.MaxInputChannels), device.DefaultSampleRate);
        var framesPerBuffer = Math.Max(16, (int)Math.Round(_blockDuration.TotalSeconds * _deviceRate));
        Prepare(_channels, _deviceRate, framesPerBuffer, inputLatency: 0);

        using var stream = new PortAudioInputStream(session, device, _channels, _deviceRate, framesPerBuffer, this);
        _inputLatency = stream.InputLatency;
        Device = device;
        stream.Start();
        Interlocked.Increment(ref _opens);
        LogOpened(_logger, Name, device.Name, device.HostApi, _channels, stream.SampleRate, framesPerBuffer, rate);
        var lost = "";
        try
        {
            lost = await WatchAsync(stream, stoppingToken).ConfigureAwait(false);
            return lost;
        }
        finally
        {
            if (lost.Length > 0)
            {
                stream.Abort();
                LogLost(_logger, Name, device.Name, lost);
            }
            else
            {
                stream.Stop();
            }
            if (stream.CallbackFailures > 0)
            {
                LogCallbackFailed(_logger, Name, stream.CallbackFailures);
            }
        }
    }

    // Checks the running stream a few times a second: "" when cancelled, or why it is taken as lost.
    private async Task<string> WatchAsync(PortAudioInputStream stream, CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(StallTimeout.TotalMilliseconds / 8, 10, 250));
        var seen = Buffers;
        var seenAt = _time.GetTimestamp();
        while (true)
        {
            try
            {
                await Task.Delay(period, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return "";
            }
            if (!stream.IsActive)
            {
                return stream.CallbackFailures > 0 ? "the capture callback failed" : "PortAudio stopped the stream (device error)";
            }
            var buffers = Buffers;
            if (buffers != seen)
            {
                if (seen == 0 || _retry.Failures > 0)
                {
                    _retry.Succeeded(); // samples flow: the next loss waits the shortest time again
                }
                (seen, seenAt) = (buffers, _time.GetTimestamp());
            }
            else if (_time.GetElapsedTime(seenAt) >= StallTimeout)
            {
                return $"no audio for {StallTimeout.TotalSeconds:0.#} s";
            }
        }
    }

    // Sets up the capture thread's state for a stream of this shape (before the stream starts; tests call it directly).
    internal void Prepare(int channels, double deviceRate, int framesPerBuffer, double inputLatency)
    {
        var rate = _ring.SampleRate;
        _channels = channels;
        _deviceRate = deviceRate;
        _inputLatency = inputLatency;
        _mono = new float[framesPerBuffer * 4];
        _resampler = (int)_deviceRate == rate ? null : new Resampler((int)_deviceRate, rate, _mono.Length);
        _converted = new float[_resampler?.MaxOutput(_mono.Length) ?? _mono.Length];
        _mapper = new ClockMapper(new ClockMapperOptions { NanosecondsPerTick = 1e9 / rate });
        _deviceIndex = _ringIndex = 0;
        _expectedAdcTime = 0;
    }

    /// <inheritdoc />
    public void OnInput(ReadOnlySpan<short> interleaved, int frames, double adcTime, double currentTime, bool overflow)
    {
        var now = Timestamp.Now(_time);
        Interlocked.Increment(ref _buffers);
        if (frames > _mono.Length || interleaved.Length < frames * _channels)
        {
            return; // PortAudio promised framesPerBuffer; never index past our buffers
        }
        if (overflow)
        {
            // The ADC clock ran on while samples were dropped: advance our sample clock by what was lost.
            var lost = adcTime > 0 && _expectedAdcTime > 0 ? Math.Max(0, (long)Math.Round((adcTime - _expectedAdcTime) * _deviceRate)) : 0;
            _deviceIndex += lost;
            _ringIndex += (long)Math.Round(lost * _ring.SampleRate / _deviceRate);
            _ring.ReportDeviceOverflow((long)Math.Round(lost * _ring.SampleRate / _deviceRate));
        }

        // When the first frame was sampled, on the monotonic clock: now minus how long ago PortAudio says it was.
        var age = adcTime > 0 && currentTime >= adcTime && currentTime - adcTime < 1.0
            ? currentTime - adcTime
            : frames / _deviceRate + _inputLatency;
        var observed = now.AddNanoseconds(-(long)(age * 1e9));
        _mapper.Observe((long)Math.Round(_deviceIndex * _ring.SampleRate / _deviceRate), observed);

        // Mix to mono floats.
        var mono = _mono.AsSpan(0, frames);
        const float scale = 1f / 32768f;
        if (_channels == 1)
        {
            for (var i = 0; i < frames; i++)
            {
                mono[i] = interleaved[i] * scale;
            }
        }
        else
        {
            var channelScale = scale / _channels;
            for (var i = 0; i < frames; i++)
            {
                var sum = 0;
                for (var c = 0; c < _channels; c++)
                {
                    sum += interleaved[i * _channels + c];
                }
                mono[i] = sum * channelScale;
            }
        }

        ReadOnlySpan<float> output;
        if (_resampler is null)
        {
            output = mono;
        }
        else
        {
            var n = _resampler.Process(mono, _converted);
            output = _converted.AsSpan(0, n);
        }
        if (output.Length > 0)
        {
            _ring.Write(output, _mapper.Map(_ringIndex), _mapper.Map(_ringIndex + output.Length));
            _ringIndex += output.Length;
        }
        _deviceIndex += frames;
        _expectedAdcTime = adcTime > 0 ? adcTime + frames / _deviceRate : 0;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: capturing '{Device}' ({HostApi}), {Channels} ch at {Rate} Hz, {Frames} frames a buffer, into {RingRate} Hz mono")]
    private static partial void LogOpened(ILogger logger, string name, string device, string hostApi, int channels, double rate, int frames, int ringRate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: microphone '{Device}' unavailable ({Reason}); attempt {Attempt}, opening it again in {Seconds} s")]
    private static partial void LogUnavailable(ILogger logger, string name, string device, string reason, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: microphone '{Device}' lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string name, string device, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Name}: the capture callback failed {Count} times; the stream was aborted")]
    private static partial void LogCallbackFailed(ILogger logger, string name, int count);
}
