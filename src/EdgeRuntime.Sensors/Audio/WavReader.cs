using System.Buffers.Binary;

namespace EdgeRuntime.Sensors.Audio;

/// <summary>
/// Reads a RIFF/WAVE file's PCM as mono float: 8/16/24/32-bit integer or 32-bit float, any channel count (averaged
/// to mono), plain or WAVE_FORMAT_EXTENSIBLE headers. Streams from disk through one scratch buffer.
/// </summary>
public sealed class WavReader : IDisposable
{
    private const int FormatPcm = 1;
    private const int FormatFloat = 3;
    private const int FormatExtensible = 0xFFFE;
    private readonly Stream _stream;
    private readonly int _format;
    private readonly int _bytesPerSample;
    private readonly byte[] _scratch;
    private readonly string _path;
    private long _remainingBytes;

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="InvalidDataException">Not a WAVE file, or an encoding this reader does not handle.</exception>
    public WavReader(string path, int maxFramesPerRead = 4096)
    {
        _stream = File.OpenRead(path);
        try
        {
            Span<byte> header = stackalloc byte[12];
            _stream.ReadExactly(header);
            if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
            {
                throw new InvalidDataException($"'{path}' is not a RIFF/WAVE file");
            }
            var haveFormat = false;
            Span<byte> chunk = stackalloc byte[8];
            while (true)
            {
                if (_stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) < 8)
                {
                    throw new InvalidDataException($"'{path}' has no data chunk");
                }
                var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
                if (chunk[..4].SequenceEqual("fmt "u8))
                {
                    var fmt = new byte[size];
                    _stream.ReadExactly(fmt);
                    _format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                    Channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                    SampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                    BitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                    if (_format == FormatExtensible && size >= 26)
                    {
                        _format = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24)); // the sub-format GUID's first two bytes
                    }
                    haveFormat = true;
                }
                else if (chunk[..4].SequenceEqual("data"u8))
                {
                    _remainingBytes = size;
                    break;
                }
                else
                {
                    _stream.Seek(size + (size & 1), SeekOrigin.Current);
                }
                if ((size & 1) == 1 && chunk[..4].SequenceEqual("fmt "u8))
                {
                    _stream.Seek(1, SeekOrigin.Current);
                }
            }
            if (!haveFormat)
            {
                throw new InvalidDataException($"'{path}' has no fmt chunk before its data");
            }
            var supported = (_format == FormatPcm && BitsPerSample is 8 or 16 or 24 or 32) || (_format == FormatFloat && BitsPerSample == 32);
            if (!supported || Channels < 1 || SampleRate < 1)
            {
                throw new InvalidDataException($"'{path}': unsupported WAVE encoding (format {_format}, {BitsPerSample} bits, {Channels} channels, {SampleRate} Hz)");
            }
            _bytesPerSample = BitsPerSample / 8;
            // 0xFFFFFFFF is what a writer that could not seek back (a pipe) leaves: the data runs to the end of the file.
            if (_stream.CanSeek && (_remainingBytes == uint.MaxValue || _remainingBytes > _stream.Length - _stream.Position))
            {
                MissingBytes = _remainingBytes == uint.MaxValue ? 0 : _remainingBytes - (_stream.Length - _stream.Position);
                _remainingBytes = _stream.Length - _stream.Position;
            }
            _path = path;
            TotalFrames = _remainingBytes / (_bytesPerSample * Channels);
            MaxFramesPerRead = maxFramesPerRead;
            _scratch = new byte[maxFramesPerRead * _bytesPerSample * Channels];
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Channels in the file (the reader averages them).</summary>
    public int Channels { get; }

    /// <summary>Bits per stored sample.</summary>
    public int BitsPerSample { get; }

    /// <summary>
    /// Bytes the data chunk's header declares beyond the end of the file (a truncated file); 0 for a whole one.
    /// <see cref="TotalFrames"/> counts only what is there.
    /// </summary>
    public long MissingBytes { get; }

    /// <summary>Frames in the data chunk (as far as the file goes).</summary>
    public long TotalFrames { get; }

    /// <summary>The most frames one <see cref="Read"/> returns.</summary>
    public int MaxFramesPerRead { get; }

    /// <summary>Reads up to <paramref name="mono"/>.Length frames (at most <see cref="MaxFramesPerRead"/>) as mono floats in −1..1; 0 at the end.</summary>
    public int Read(Span<float> mono)
    {
        var frameBytes = _bytesPerSample * Channels;
        var frames = (int)Math.Min(Math.Min(mono.Length, MaxFramesPerRead), _remainingBytes / frameBytes);
        if (frames == 0)
        {
            return 0;
        }
        var bytes = _stream.ReadAtLeast(_scratch.AsSpan(0, frames * frameBytes), frames * frameBytes, throwOnEndOfStream: false);
        if (bytes < frames * frameBytes)
        {
            // The file was shorter than when it was opened: cut while it played.
            throw new InvalidDataException($"'{_path}' ends {_remainingBytes - bytes} bytes before its data chunk does (truncated while playing)");
        }
        frames = bytes / frameBytes;
        _remainingBytes -= frames * frameBytes;
        var scale = 1f / Channels;
        for (var f = 0; f < frames; f++)
        {
            float sum = 0;
            for (var c = 0; c < Channels; c++)
            {
                sum += Sample(_scratch.AsSpan((f * Channels + c) * _bytesPerSample));
            }
            mono[f] = sum * scale;
        }
        return frames;
    }

    private float Sample(ReadOnlySpan<byte> b) => (_format, _bytesPerSample) switch
    {
        (FormatFloat, _) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (_, 1) => (b[0] - 128) / 128f,
        (_, 2) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768f,
        (_, 3) => ((b[0] << 8 | b[1] << 16 | b[2] << 24) >> 8) / 8388608f,
        _ => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648f,
    };

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
