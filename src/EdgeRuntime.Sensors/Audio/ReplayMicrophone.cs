using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Replay;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Audio;

/// <summary>
/// Plays a WAVE file as a microphone: mixed to mono, resampled to the ring's rate, written in blocks stamped with the
/// replay origin plus the block's position in the file, at the file's pace (refusing blocks a slow consumer has no
/// room for, or waiting for room: <see cref="ReplayPacing"/>) or as fast as the consumer releases room.
/// </summary>
/// <remarks>
/// Example configuration: <c>Audio:Source=replay</c>, <c>Audio:ReplayFile=scenarios/kitchen.wav</c>,
/// <c>Audio:Pacing=realtime</c>. Lifecycle: <see cref="RunAsync"/> returns at the end of the file (after completing
/// the ring) unless looping, or when cancelled. Allocation-free per block.
/// </remarks>
public sealed partial class ReplayMicrophone : IPipelineComponent
{
    private readonly ReplayMicrophoneSettings _settings;
    private readonly AudioRing _ring;
    private readonly ILogger _logger;
    private readonly PacingClock _clock;
    private readonly ReplayOrigin _origin;
    private readonly int _blockSamples;

    /// <summary>Creates the replay; <paramref name="origin"/> is shared with the recording's video replay so both line up.</summary>
    public ReplayMicrophone(ReplayMicrophoneSettings settings, AudioRing ring, ILogger logger, TimeProvider? time = null, ReplayOrigin? origin = null)
    {
        _settings = settings;
        _ring = ring;
        _logger = logger;
        _clock = new PacingClock(time ?? TimeProvider.System);
        _origin = origin ?? new ReplayOrigin();
        _blockSamples = Math.Max(1, (int)Math.Round(settings.BlockDuration.TotalSeconds * ring.SampleRate));
        if (_blockSamples * 2 > ring.Capacity)
        {
            throw new ArgumentException($"a block of {_blockSamples} samples does not fit twice in a ring of {ring.Capacity}", nameof(settings));
        }
    }

    /// <inheritdoc />
    public string Name => _ring.Bound.Name;

    /// <summary>Samples written to the ring so far (at the ring's rate).</summary>
    public long Samples { get; private set; }

    /// <summary>With realtime pacing: the end time of the block waiting for its time to come (null when none waits).</summary>
    public Timestamp? NextBlockDue { get; private set; }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var rate = _ring.SampleRate;
        Timestamp origin;
        try
        {
            _origin.SetReady(); // nothing to prime: the file is opened below, quickly
            origin = await _origin.WaitAsync(() => _clock.Now, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var block = new float[_blockSamples];
        var filled = 0;
        long index = 0; // output samples since the origin, across loops
        var stopSeconds = Math.Min(_settings.Until ?? double.PositiveInfinity, _settings.LostAt ?? double.PositiveInfinity);
        var stopAt = double.IsPositiveInfinity(stopSeconds) ? long.MaxValue : (long)Math.Round(stopSeconds * rate); // in output samples
        var fileSeconds = 0.0;
        var stopped = false;
        do
        {
            using var wav = new WavReader(_settings.File);
            fileSeconds = wav.TotalFrames / (double)wav.SampleRate;
            LogOpened(_logger, Name, _settings.File, wav.SampleRate, wav.Channels, wav.BitsPerSample, wav.TotalFrames / (double)wav.SampleRate);
            var resampler = wav.SampleRate == rate ? null : new Resampler(wav.SampleRate, rate, wav.MaxFramesPerRead);
            var input = new float[wav.MaxFramesPerRead];
            var converted = new float[resampler?.MaxOutput(input.Length) ?? input.Length];
            while (!stoppingToken.IsCancellationRequested)
            {
                var read = wav.Read(input);
                int count;
                if (read == 0)
                {
                    count = resampler?.Flush(converted) ?? 0;
                }
                else if (resampler is null)
                {
                    input.AsSpan(0, read).CopyTo(converted);
                    count = read;
                }
                else
                {
                    count = resampler.Process(input.AsSpan(0, read), converted);
                }
                // Cut into blocks; a partial block waits for the next read.
                for (var i = 0; i < count && !stopped && !stoppingToken.IsCancellationRequested;)
                {
                    var take = Math.Min(count - i, _blockSamples - filled);
                    converted.AsSpan(i, take).CopyTo(block.AsSpan(filled));
                    filled += take;
                    i += take;
                    if (filled == _blockSamples)
                    {
                        if (index >= stopAt)
                        {
                            stopped = true;
                            filled = 0;
                            break;
                        }
                        await WriteAsync(block, origin, index, stoppingToken).ConfigureAwait(false);
                        index += filled;
                        filled = 0;
                    }
                }
                if (read == 0 || stopped)
                {
                    break;
                }
            }
        }
        while (_settings.Loop && !stopped && !stoppingToken.IsCancellationRequested);

        if (!stoppingToken.IsCancellationRequested)
        {
            if (filled > 0 && index < stopAt)
            {
                await WriteAsync(block.AsMemory(0, filled), origin, index, stoppingToken).ConfigureAwait(false);
            }
            if (_settings.LostAt < (_settings.Until ?? double.MaxValue))
            {
                // Gone, not ended: silent until the recording would have ended, so the stream monitor sees it go missing.
                await _clock.DelayUntilAsync(origin.AddNanoseconds((long)(fileSeconds * 1e9)), stoppingToken).ConfigureAwait(false);
            }
            _ring.Complete();
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<float> samples, Timestamp origin, long index, CancellationToken stoppingToken)
    {
        var rate = _ring.SampleRate;
        var start = origin.AddNanoseconds((long)Math.Round(index * 1e9 / rate));
        var end = origin.AddNanoseconds((long)Math.Round((index + samples.Length) * 1e9 / rate));
        try
        {
            if (_settings.Pacing != ReplayPacing.AsFast)
            {
                // A real microphone hands a block over once its last sample is captured.
                NextBlockDue = end;
                await _clock.DelayUntilAsync(end, stoppingToken).ConfigureAwait(false);
                NextBlockDue = null;
            }
            if (_settings.Pacing != ReplayPacing.Realtime)
            {
                await _ring.WaitForRoomAsync(samples.Length, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (!_ring.Write(samples.Span, start, end))
        {
            LogOverrun(_logger, Name, samples.Length);
        }
        Samples += samples.Length;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _clock.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: replaying {File} ({Rate} Hz, {Channels} ch, {Bits} bit, {Seconds:F2} s)")]
    private static partial void LogOpened(ILogger logger, string name, string file, int rate, int channels, int bits, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: ring overrun, {Count} samples refused (consumer too slow)")]
    private static partial void LogOverrun(ILogger logger, string name, int count);
}
