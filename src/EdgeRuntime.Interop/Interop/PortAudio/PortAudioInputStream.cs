using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.PortAudio;

/// <summary>Receives captured audio on PortAudio's callback thread. Must not block, throw or allocate.</summary>
public interface IPortAudioInputSink
{
    /// <summary>One buffer of interleaved 16-bit samples (<paramref name="frames"/> × channels).</summary>
    /// <param name="interleaved">The samples; valid only during the call (PortAudio's memory).</param>
    /// <param name="frames">Frames in the buffer.</param>
    /// <param name="adcTime">When the first frame was sampled, on PortAudio's stream clock (seconds; 0 when the host API does not know).</param>
    /// <param name="currentTime">The stream clock now.</param>
    /// <param name="overflow">Input was dropped before this buffer (the callback ran late).</param>
    void OnInput(ReadOnlySpan<short> interleaved, int frames, double adcTime, double currentTime, bool overflow);
}

/// <summary>
/// A PortAudio capture stream delivering 16-bit interleaved buffers to an <see cref="IPortAudioInputSink"/> through
/// PortAudio's callback: no copy on our side, no allocation per buffer.
/// </summary>
/// <remarks>16-bit is asked for because it is what capture hardware delivers, and so a raw ALSA source (the
/// <c>file</c> plugin) is read in the format its bytes are in.</remarks>
public sealed unsafe class PortAudioInputStream : IDisposable
{
    private readonly PortAudioSession _session;
    private GCHandle _self;
    private readonly StreamHandle _stream;
    private readonly IPortAudioInputSink _sink;
    private int _callbackFailures;

    /// <summary>Opens (does not start) a capture stream.</summary>
    public PortAudioInputStream(PortAudioSession session, PortAudioDevice device, int channels, double sampleRate, int framesPerBuffer, IPortAudioInputSink sink, double? latency = null)
    {
        _session = session;
        _sink = sink;
        Channels = channels;
        var parameters = new Native.StreamParameters
        {
            Device = device.Index,
            ChannelCount = channels,
            SampleFormat = Native.SampleFormatInt16,
            SuggestedLatency = latency ?? device.DefaultHighInputLatency,
        };
        _self = GCHandle.Alloc(this);
        try
        {
            PortAudioException.Check(
                Native.OpenStream(out _stream, &parameters, null, sampleRate, (nuint)framesPerBuffer, Native.FlagClipOff, &OnCallback, (void*)GCHandle.ToIntPtr(_self)),
                $"Pa_OpenStream('{device.Name}', {channels} ch, {sampleRate} Hz, {framesPerBuffer} frames)");
            var info = Native.GetStreamInfo(_stream);
            SampleRate = info is null ? sampleRate : info->SampleRate;
            InputLatency = info is null ? 0 : info->InputLatency;
        }
        catch
        {
            _stream?.Dispose();
            _self.Free();
            throw;
        }
    }

    /// <summary>Channels per frame.</summary>
    public int Channels { get; }

    /// <summary>The rate the stream actually runs at.</summary>
    public double SampleRate { get; }

    /// <summary>The stream's input latency in seconds, as PortAudio reports it.</summary>
    public double InputLatency { get; }

    /// <summary>Callbacks in which the sink threw (the stream was then aborted).</summary>
    public int CallbackFailures => Volatile.Read(ref _callbackFailures);

    /// <summary>Starts capture.</summary>
    public void Start() => PortAudioException.Check(Native.StartStream(_stream), "Pa_StartStream");

    /// <summary>Stops capture, waiting for the callback in flight.</summary>
    public void Stop()
    {
        if (!_stream.IsClosed)
        {
            Native.StopStream(_stream);
        }
    }

    /// <summary>
    /// Whether the stream still runs: false once PortAudio stopped it by itself (the device failed or went away, or the
    /// callback aborted it), which is how a lost microphone shows when the host API reports the error.
    /// </summary>
    public bool IsActive => !_stream.IsClosed && Native.IsStreamActive(_stream) == 1;

    /// <summary>Stops capture at once, dropping what is buffered: for a stream whose device was lost.</summary>
    public void Abort()
    {
        if (!_stream.IsClosed)
        {
            Native.AbortStream(_stream);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnCallback(void* input, void* output, nuint frameCount, Native.StreamCallbackTimeInfo* time, nuint status, void* user)
    {
        var self = (PortAudioInputStream)GCHandle.FromIntPtr((nint)user).Target!;
        try
        {
            var frames = (int)frameCount;
            var samples = input is null ? default : new ReadOnlySpan<short>(input, frames * self.Channels);
            self._sink.OnInput(samples, frames, time->InputBufferAdcTime, time->CurrentTime, (status & Native.StatusInputOverflow) != 0);
            return Native.Continue;
        }
        catch (Exception)
        {
            // An exception must not cross into C; count it and stop the stream.
            Interlocked.Increment(ref self._callbackFailures);
            return Native.Abort;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream?.Dispose();
        if (_self.IsAllocated)
        {
            _self.Free();
        }
        GC.KeepAlive(_session);
    }
}
