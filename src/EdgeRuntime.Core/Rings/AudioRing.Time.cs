using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Rings;

// Time <-> sample index over the block records: every written block carries its start and end time, and the blocks are
// in time order, so a time maps to an index by a binary search over the held blocks and an interpolation inside one.
// Same ownership as the rest of the ring (see the Design comment in AudioRing.cs): the consumer calls these.
public sealed partial class AudioRing
{
    /// <summary>The end time of the newest stored block (<see cref="Timestamp.MinValue"/> when none was stored). Safe from any thread.</summary>
    public Timestamp NewestEnd
    {
        get
        {
            var blocks = Volatile.Read(ref _cursors.WrittenBlocks);
            return blocks == 0 ? Timestamp.MinValue : new Timestamp(_blocks[(int)((blocks - 1) & _blockMask)].EndNs);
        }
    }

    /// <summary>Consumer: the monotonic time of sample <paramref name="index"/> (held, or the one just past the newest).</summary>
    public Timestamp TimeOf(long index)
    {
        var blocksEnd = Volatile.Read(ref _cursors.WrittenBlocks);
        var blocksStart = _cursors.ReleasedBlocks;
        if (blocksEnd == blocksStart)
        {
            throw new InvalidOperationException("the ring holds no samples");
        }
        var b = BlockContaining(blocksStart, blocksEnd, index);
        return TimeOf(index, b, b);
    }

    /// <summary>Consumer: the index of the first held sample at or after <paramref name="time"/> (<see cref="Written"/> when none).</summary>
    public long IndexAt(Timestamp time)
    {
        var blocksEnd = Volatile.Read(ref _cursors.WrittenBlocks);
        var blocksStart = _cursors.ReleasedBlocks;
        var b = FirstBlockEndingAfter(blocksStart, blocksEnd, time.Nanoseconds);
        if (b == blocksEnd)
        {
            return blocksEnd == blocksStart ? _cursors.Released : Volatile.Read(ref _cursors.Written);
        }
        ref readonly var block = ref _blocks[(int)(b & _blockMask)];
        return Math.Max(_cursors.Released, time.Nanoseconds <= block.StartNs ? block.StartIndex : block.StartIndex + Offset(in block, time.Nanoseconds));
    }

    // Sample offset in a block nearest to time t (clamped to the block).
    private static long Offset(in Block block, long t)
    {
        var fraction = (double)(t - block.StartNs) / (block.EndNs - block.StartNs);
        return Math.Clamp((long)Math.Round(fraction * block.Count), 0, block.Count);
    }

    private Timestamp TimeOf(long index, long firstBlock, long lastBlock)
    {
        // The block holding the index; its end boundary belongs to it too (the time just past its last sample).
        var b = firstBlock;
        while (b < lastBlock && _blocks[(int)(b & _blockMask)].StartIndex + _blocks[(int)(b & _blockMask)].Count <= index)
        {
            b++;
        }
        ref readonly var block = ref _blocks[(int)(b & _blockMask)];
        var offset = Math.Clamp(index - block.StartIndex, 0, block.Count);
        return new Timestamp(block.StartNs + (long)Math.Round((double)(block.EndNs - block.StartNs) * offset / block.Count));
    }

    private long FirstBlockEndingAfter(long lo, long hi, long t)
    {
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_blocks[(int)(mid & _blockMask)].EndNs > t)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // Returns lo - 1 when every block starts at or after t.
    private long LastBlockStartingBefore(long lo, long hi, long t)
    {
        var start = lo;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_blocks[(int)(mid & _blockMask)].StartNs < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo - 1 < start ? start - 1 : lo - 1;
    }

    // The last block whose first index is at or before `index` (the newest block when the index is past the end).
    private long BlockContaining(long lo, long hi, long index)
    {
        var start = lo;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (_blocks[(int)(mid & _blockMask)].StartIndex <= index)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return Math.Max(start, lo - 1);
    }
}
