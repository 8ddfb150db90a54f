using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;

namespace EdgeRuntime.Sensors.Camera;

/// <summary>
/// Cuts a byte stream of raw frames (ffmpeg <c>-f rawvideo</c>) into frames, reading each straight into a pooled
/// <see cref="Frame"/> buffer: no copy, no allocation per frame.
/// </summary>
internal sealed class RawFrameReader(Stream input, FrameRing ring, FrameFormat format)
{
    private readonly int _frameBytes = format.FrameBytes;
    private byte[]? _discard;

    /// <summary>Frames skipped because the consumer held every buffer.</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// Reads the next whole frame into an acquired buffer (format and length set; timestamp left to the caller).
    /// Null at end of stream (a partial trailing frame is discarded).
    /// </summary>
    public async ValueTask<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = ring.TryAcquire();
            if (frame is null)
            {
                // Keep the stream in step: read the frame into a scratch buffer and skip it.
                _discard ??= new byte[_frameBytes];
                if (await input.ReadAtLeastAsync(_discard, _frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < _frameBytes)
                {
                    return null;
                }
                Skipped++;
                continue;
            }
            var read = await input.ReadAtLeastAsync(frame.BufferMemory[.._frameBytes], _frameBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < _frameBytes)
            {
                ring.Abandon(frame);
                return null;
            }
            frame.Format = format;
            frame.Length = _frameBytes;
            return frame;
        }
    }
}
