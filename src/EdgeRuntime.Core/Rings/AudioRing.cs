using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Internal;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Rings;

/// <summary>
/// Mono audio samples (float, −1..1) from one producer (a microphone) for one consumer (the cascade), each written
/// block stamped on the monotonic clock, queryable by time range without copying.
/// </summary>
/// <remarks>
/// <para>Audio is never dropped silently. The consumer says which samples it no longer needs (<see cref="Release"/>,
/// <see cref="ReleaseBefore"/>); the producer never overwrites samples that were not released. When the consumer falls
/// that far behind, the incoming block is refused and counted (<see cref="Overruns"/>, <see cref="OverrunSamples"/>),
/// and its time range becomes a gap that queries report in <see cref="AudioWindow.MissingNanoseconds"/>.</para>
/// <para>Every sample has an index: how many samples were stored before it. Blocks written with a start close enough
/// to the previous block's end (within the continuity tolerance) are joined to it; a later start is a gap; an earlier
/// start is moved up to keep time increasing.</para>
/// <para>Nothing is allocated per block.</para>
/// </remarks>
public sealed partial class AudioRing : IDisposable
{
    // Design:
    // - Producer-owned (written only by Write/ReportDeviceOverflow): the sample and block slots between the written and
    //   the released cursors, _cursors.Written/WrittenBlocks (published with Volatile.Write after the slots they cover),
    //   the counters, and its cached copies of the consumer's cursors (_cursors.CachedReleased*, refreshed with
    //   Volatile.Read only when the cached values say the ring is full).
    // - Consumer-owned: _cursors.Released/ReleasedBlocks, published with Volatile.Write after the consumer is done with
    //   the slots below them; the producer may overwrite those slots from then on.
    // - _room (an AsyncSignal) wakes a producer waiting in WaitForRoomAsync after each Release.
    // - Publication order in Write: samples, block record, Written, then WrittenBlocks. A reader takes WrittenBlocks
    //   first (Volatile.Read) and only looks at blocks below it, so every sample and record it touches is complete.
    private readonly float[] _samples;
    private readonly int _mask;
    private readonly Block[] _blocks;
    private readonly int _blockMask;
    private readonly long _toleranceNs;
    private readonly double _nominalPeriodNs;
    private readonly AsyncSignal _room;
    private long _lastEndNs = long.MinValue; // producer-owned: the end of the last stored block
    private Cursors _cursors;

    private struct Block
    {
        public long StartIndex;
        public int Count;
        public long StartNs;
        public long EndNs;
    }

    [StructLayout(LayoutKind.Explicit, Size = 3 * CacheLine.Size)]
    private struct Cursors
    {
        // Producer-owned line.
        [FieldOffset(CacheLine.Size)] public long Written;
        [FieldOffset(CacheLine.Size + 8)] public long WrittenBlocks;
        [FieldOffset(CacheLine.Size + 16)] public long CachedReleased;
        [FieldOffset(CacheLine.Size + 24)] public long CachedReleasedBlocks;
        [FieldOffset(CacheLine.Size + 32)] public long Overruns;
        [FieldOffset(CacheLine.Size + 40)] public long OverrunSamples;
        [FieldOffset(CacheLine.Size + 48)] public long DeviceOverflows;
        [FieldOffset(CacheLine.Size + 56)] public long DeviceLostSamples;

        // Consumer-owned line.
        [FieldOffset(2 * CacheLine.Size)] public long Released;
        [FieldOffset(2 * CacheLine.Size + 8)] public long ReleasedBlocks;
    }

    /// <summary>Creates a ring.</summary>
    /// <param name="name">The stream's name (<c>audio</c>) for its <see cref="Bound"/>.</param>
    /// <param name="sampleRate">Nominal samples per second (16000).</param>
    /// <param name="capacity">Samples held (a power of two): how far the consumer may lag, plus the history it keeps.</param>
    /// <param name="blockCapacity">Block records held (a power of two); default: one per 64 samples of capacity.</param>
    /// <param name="continuityTolerance">A block starting within this of the previous block's end continues it; default 2 ms.</param>
    /// <param name="time">The clock for the bound's advance times and for waits.</param>
    public AudioRing(string name, int sampleRate, int capacity, int blockCapacity = 0, TimeSpan? continuityTolerance = null, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (capacity < 64 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two of at least 64");
        }
        blockCapacity = blockCapacity == 0 ? Math.Max(64, capacity / 64) : blockCapacity;
        if (blockCapacity < 2 || !BitOperations.IsPow2(blockCapacity))
        {
            throw new ArgumentOutOfRangeException(nameof(blockCapacity), blockCapacity, "must be a power of two of at least 2");
        }
        SampleRate = sampleRate;
        _samples = new float[capacity];
        _mask = capacity - 1;
        _blocks = new Block[blockCapacity];
        _blockMask = blockCapacity - 1;
        _toleranceNs = (continuityTolerance ?? TimeSpan.FromMilliseconds(2)).Ticks * 100;
        _nominalPeriodNs = 1e9 / sampleRate;
        Bound = new StreamBound(name, time ?? TimeProvider.System);
        _room = new AsyncSignal(Bound.Time);
    }

    /// <summary>The audio stream's timestamp bound: the end time of the newest block (refused blocks included).</summary>
    public StreamBound Bound { get; }

    /// <summary>Nominal sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Samples the ring holds.</summary>
    public int Capacity => _samples.Length;

    /// <summary>Index one past the newest stored sample.</summary>
    public long Written => Volatile.Read(ref _cursors.Written);

    /// <summary>Index of the oldest sample still held (everything before it was released).</summary>
    public long Released => Volatile.Read(ref _cursors.Released);

    /// <summary>Blocks refused because the consumer had not released enough room.</summary>
    public long Overruns => Volatile.Read(ref _cursors.Overruns);

    /// <summary>Samples in refused blocks.</summary>
    public long OverrunSamples => Volatile.Read(ref _cursors.OverrunSamples);

    /// <summary>Overflows the device reported (samples it lost before they reached us).</summary>
    public long DeviceOverflows => Volatile.Read(ref _cursors.DeviceOverflows);

    /// <summary>Samples the device reported lost, where it knows how many.</summary>
    public long DeviceLostSamples => Volatile.Read(ref _cursors.DeviceLostSamples);

    // ---- producer -------------------------------------------------------------------------------------

    /// <summary>Producer: stores a block of samples whose first sample is at <paramref name="start"/> and which ends at <paramref name="end"/>.</summary>
    /// <returns>False when the block was refused (overrun); its time range becomes a gap.</returns>
    public bool Write(ReadOnlySpan<float> samples, Timestamp start, Timestamp end)
    {
        var count = samples.Length;
        if (count == 0)
        {
            return true;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _samples.Length);
        var written = _cursors.Written;
        var blocks = _cursors.WrittenBlocks;
        if (!HasRoom(written, blocks, count))
        {
            Volatile.Write(ref _cursors.Overruns, _cursors.Overruns + 1);
            Volatile.Write(ref _cursors.OverrunSamples, _cursors.OverrunSamples + count);
            _lastEndNs = Math.Max(_lastEndNs, end.Nanoseconds);
            Bound.Advance(end);
            return false;
        }

        var startNs = start.Nanoseconds;
        var endNs = end.Nanoseconds;
        if (_lastEndNs != long.MinValue && startNs - _lastEndNs <= _toleranceNs)
        {
            // Joined to the previous block, or moved up so time keeps increasing. The end stays where the clock
            // mapping put it, so a refit's small jump is absorbed by this block and never accumulates.
            startNs = _lastEndNs;
            endNs = Math.Max(endNs, startNs + (long)(count * _nominalPeriodNs / 2));
        }
        if (endNs <= startNs)
        {
            endNs = startNs + (long)Math.Ceiling(count * _nominalPeriodNs);
        }

        var offset = (int)(written & _mask);
        var firstPart = Math.Min(count, _samples.Length - offset);
        samples[..firstPart].CopyTo(_samples.AsSpan(offset));
        samples[firstPart..].CopyTo(_samples);

        ref var block = ref _blocks[(int)(blocks & _blockMask)];
        block.StartIndex = written;
        block.Count = count;
        block.StartNs = startNs;
        block.EndNs = endNs;
        _lastEndNs = endNs;

        Volatile.Write(ref _cursors.Written, written + count);
        Volatile.Write(ref _cursors.WrittenBlocks, blocks + 1); // publishes the samples and the record written above
        Bound.Advance(new Timestamp(endNs));
        return true;
    }

    /// <summary>
    /// Producer: waits until a block of <paramref name="count"/> samples fits. Only a source that may wait (a replayed
    /// file) calls this; a capture device cannot, and lets <see cref="Write"/> count an overrun instead.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no allocation when it has to wait
    public async ValueTask WaitForRoomAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _samples.Length);
        if (RefreshRoom(_cursors.Written, _cursors.WrittenBlocks, count))
        {
            return;
        }
        Bound.HoldBack(); // the ring is full of unread audio: a slow consumer is not a missing microphone
        try
        {
            while (!RefreshRoom(_cursors.Written, _cursors.WrittenBlocks, count))
            {
                await _room.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Bound.EndHoldBack();
        }
    }

    /// <summary>Producer: the device reported an overflow and lost <paramref name="lostSamples"/> samples (0 when unknown).</summary>
    public void ReportDeviceOverflow(long lostSamples)
    {
        Volatile.Write(ref _cursors.DeviceOverflows, _cursors.DeviceOverflows + 1);
        Volatile.Write(ref _cursors.DeviceLostSamples, _cursors.DeviceLostSamples + Math.Max(0, lostSamples));
    }

    /// <summary>Producer: the stream ended; the bound becomes <see cref="Timestamp.MaxValue"/>.</summary>
    public void Complete() => Bound.Close();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HasRoom(long written, long blocks, int count)
    {
        if (written + count - _cursors.CachedReleased <= _samples.Length && blocks + 1 - _cursors.CachedReleasedBlocks <= _blocks.Length)
        {
            return true;
        }
        return RefreshRoom(written, blocks, count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RefreshRoom(long written, long blocks, int count)
    {
        _cursors.CachedReleased = Volatile.Read(ref _cursors.Released);
        _cursors.CachedReleasedBlocks = Volatile.Read(ref _cursors.ReleasedBlocks);
        return written + count - _cursors.CachedReleased <= _samples.Length && blocks + 1 - _cursors.CachedReleasedBlocks <= _blocks.Length;
    }

    // ---- consumer -------------------------------------------------------------------------------------

    /// <summary>
    /// Consumer: the samples covering [<paramref name="from"/>, <paramref name="to"/>), in place. Samples are picked by
    /// nearest boundary, so each end is within half a sample period of the request where audio exists.
    /// </summary>
    /// <returns>False when no stored sample lies in the range.</returns>
    public bool TryGetWindow(Timestamp from, Timestamp to, out AudioWindow window)
    {
        window = default;
        var blocksEnd = Volatile.Read(ref _cursors.WrittenBlocks);
        var blocksStart = _cursors.ReleasedBlocks;
        if (to <= from || blocksEnd == blocksStart)
        {
            return false;
        }
        var released = _cursors.Released;

        // First block ending after `from`, last block starting before `to`.
        var first = FirstBlockEndingAfter(blocksStart, blocksEnd, from.Nanoseconds);
        if (first == blocksEnd)
        {
            return false;
        }
        var last = LastBlockStartingBefore(blocksStart, blocksEnd, to.Nanoseconds);
        if (last < first)
        {
            return false;
        }

        ref readonly var b0 = ref _blocks[(int)(first & _blockMask)];
        var startIndex = from.Nanoseconds <= b0.StartNs ? b0.StartIndex : b0.StartIndex + Offset(in b0, from.Nanoseconds);
        ref readonly var b1 = ref _blocks[(int)(last & _blockMask)];
        var endIndex = to.Nanoseconds >= b1.EndNs ? b1.StartIndex + b1.Count : b1.StartIndex + Offset(in b1, to.Nanoseconds);
        var truncated = first == blocksStart && from.Nanoseconds < b0.StartNs;
        if (startIndex < released)
        {
            startIndex = released;
            truncated = true;
        }
        if (endIndex <= startIndex)
        {
            return false;
        }

        // Covered time: the overlap of each block in [first, last] with the request.
        long covered = 0;
        for (var b = first; b <= last; b++)
        {
            ref readonly var block = ref _blocks[(int)(b & _blockMask)];
            covered += Math.Max(0, Math.Min(block.EndNs, to.Nanoseconds) - Math.Max(block.StartNs, from.Nanoseconds));
        }
        var missing = Math.Max(0, to.Nanoseconds - from.Nanoseconds - covered);
        window = new AudioWindow(this, startIndex, (int)(endIndex - startIndex), TimeOf(startIndex, first, last), TimeOf(endIndex, first, last), missing, truncated);
        return true;
    }

    /// <summary>Consumer: <paramref name="count"/> samples from index <paramref name="startIndex"/> (a sequential reader's hop), once written.</summary>
    /// <returns>False when they are not all written yet.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The start was already released.</exception>
    public bool TryRead(long startIndex, int count, out AudioWindow window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startIndex, _cursors.Released);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _samples.Length);
        var blocksEnd = Volatile.Read(ref _cursors.WrittenBlocks);
        var blocksStart = _cursors.ReleasedBlocks;
        if (blocksEnd == blocksStart)
        {
            window = default;
            return false;
        }
        ref readonly var newest = ref _blocks[(int)((blocksEnd - 1) & _blockMask)];
        if (startIndex + count > newest.StartIndex + newest.Count)
        {
            window = default;
            return false;
        }
        var first = BlockContaining(blocksStart, blocksEnd, startIndex);
        var last = BlockContaining(first, blocksEnd, Math.Max(startIndex, startIndex + count - 1));
        var start = TimeOf(startIndex, first, last);
        var end = TimeOf(startIndex + count, first, last);
        long covered = 0;
        for (var b = first; b <= last; b++)
        {
            ref readonly var block = ref _blocks[(int)(b & _blockMask)];
            covered += Math.Max(0, Math.Min(block.EndNs, end.Nanoseconds) - Math.Max(block.StartNs, start.Nanoseconds));
        }
        window = new AudioWindow(this, startIndex, count, start, end, Math.Max(0, end.Nanoseconds - start.Nanoseconds - covered), false);
        return true;
    }

    /// <summary>Consumer: frees every sample before index <paramref name="index"/> for the producer to overwrite.</summary>
    public void Release(long index)
    {
        var blocksEnd = Volatile.Read(ref _cursors.WrittenBlocks);
        var written = Volatile.Read(ref _cursors.Written);
        index = Math.Clamp(index, _cursors.Released, written);
        var releasedBlocks = _cursors.ReleasedBlocks;
        while (releasedBlocks < blocksEnd)
        {
            ref readonly var block = ref _blocks[(int)(releasedBlocks & _blockMask)];
            if (block.StartIndex + block.Count > index)
            {
                break;
            }
            releasedBlocks++;
        }
        Volatile.Write(ref _cursors.ReleasedBlocks, releasedBlocks); // the consumer no longer reads these records
        Volatile.Write(ref _cursors.Released, index); // nor these samples: the producer may overwrite them now
        _room.Set();
    }

    /// <summary>Consumer: frees every sample stamped before <paramref name="time"/>.</summary>
    public void ReleaseBefore(Timestamp time) => Release(IndexAt(time));

    internal void GetSpans(long startIndex, int count, out ReadOnlySpan<float> first, out ReadOnlySpan<float> second)
    {
        var offset = (int)(startIndex & _mask);
        var firstLength = Math.Min(count, _samples.Length - offset);
        first = new ReadOnlySpan<float>(_samples, offset, firstLength);
        second = new ReadOnlySpan<float>(_samples, 0, count - firstLength);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _room.Dispose();
        Bound.Dispose();
    }
}
