namespace EdgeRuntime.Sensors.Audio;

/// <summary>
/// Streaming sample-rate conversion of mono float audio with a windowed-sinc (Blackman) kernel, low-passed at the
/// lower Nyquist frequency so down-sampling does not alias. Output sample j is input time j·inRate/outRate exactly,
/// so stamps computed from output indexes stay true; the kernel's look-ahead only delays when outputs appear.
/// </summary>
/// <remarks>Not thread-safe. Allocation-free after construction.</remarks>
public sealed class Resampler
{
    private const int HalfTaps = 16;
    private readonly double _step;     // input samples per output sample
    private readonly double _cutoff;   // normalised to the input rate's Nyquist
    private readonly float[] _buffer;  // input history; _buffer[0] is input index _bufferStart
    private long _bufferStart = -HalfTaps;
    private int _count;
    private long _produced;
    private long _inputs;                  // real inputs fed (not the flush's padding)
    private long _endOfInput = long.MaxValue; // set by Flush: no output at or past the last real input's time

    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz; input arrives in blocks of at most <paramref name="maxInputBlock"/>.</summary>
    public Resampler(int inputRate, int outputRate, int maxInputBlock = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        _step = inputRate / (double)outputRate;
        _cutoff = Math.Min(1.0, outputRate / (double)inputRate) * 0.92;
        MaxInputBlock = maxInputBlock;
        _buffer = new float[maxInputBlock + 4 * HalfTaps + (int)Math.Ceiling(_step) + 4];
        // Zero history before the first sample: the first outputs see silence, not garbage.
        _count = HalfTaps;
    }

    /// <summary>Input rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>The largest input block <see cref="Process"/> takes.</summary>
    public int MaxInputBlock { get; }

    /// <summary>An upper bound of the outputs one call can produce for <paramref name="inputCount"/> inputs.</summary>
    public int MaxOutput(int inputCount) => (int)Math.Ceiling((inputCount + 2 * HalfTaps) / _step) + 2;

    /// <summary>Output samples produced so far.</summary>
    public long Produced => _produced;

    /// <summary>Feeds <paramref name="input"/> and writes every output that is now computable; returns how many.</summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        _inputs += input.Length;
        return Run(input, output);
    }

    private int Run(ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(input.Length, MaxInputBlock);
        if (output.Length < MaxOutput(input.Length))
        {
            // Outputs left behind would pile up inputs beyond the buffer.
            throw new ArgumentException($"output must hold MaxOutput({input.Length}) = {MaxOutput(input.Length)} samples", nameof(output));
        }
        input.CopyTo(_buffer.AsSpan(_count));
        _count += input.Length;
        var written = 0;
        var available = _bufferStart + _count; // one past the newest input index
        while (written < output.Length)
        {
            var t = _produced * _step;
            var center = (long)Math.Floor(t);
            if (center + HalfTaps >= available || t >= _endOfInput)
            {
                break;
            }
            output[written++] = Convolve(t, center);
            _produced++;
        }
        Compact();
        return written;
    }

    /// <summary>Feeds trailing silence so the last real inputs produce their outputs (at end of stream).</summary>
    public int Flush(Span<float> output)
    {
        Span<float> zeros = stackalloc float[HalfTaps + 1];
        zeros.Clear();
        _endOfInput = _inputs;
        return Run(zeros, output);
    }

    private float Convolve(double t, long center)
    {
        double sum = 0;
        for (var k = center - HalfTaps + 1; k <= center + HalfTaps; k++)
        {
            var x = _buffer[(int)(k - _bufferStart)];
            if (x != 0)
            {
                sum += x * Kernel(t - k);
            }
        }
        return (float)sum;
    }

    private double Kernel(double d)
    {
        if (Math.Abs(d) >= HalfTaps)
        {
            return 0;
        }
        var a = _cutoff * d;
        var sinc = a == 0 ? 1.0 : Math.Sin(Math.PI * a) / (Math.PI * a);
        // Blackman window over [-HalfTaps, HalfTaps].
        var w = 0.42 + 0.5 * Math.Cos(Math.PI * d / HalfTaps) + 0.08 * Math.Cos(2 * Math.PI * d / HalfTaps);
        return _cutoff * sinc * w;
    }

    // Drops inputs no future output needs, keeping the kernel's reach behind the next output position.
    private void Compact()
    {
        var keepFrom = (long)Math.Floor(_produced * _step) - HalfTaps;
        var drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _count);
        if (drop == 0)
        {
            return;
        }
        _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
        _count -= drop;
        _bufferStart += drop;
    }
}
