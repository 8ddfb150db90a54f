using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Internal;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Rings;

/// <summary>
/// Hands camera frames from one producer (a camera driver) to one consumer (the cascade) over a fixed pool of
/// <see cref="Frame"/> buffers. Latest wins: when the consumer is slower than the camera, an untaken frame is replaced
/// by the newer one at the entrance (MediaPipe's flow limiter), and the drop is counted.
/// </summary>
/// <remarks>
/// <para>Producer: <see cref="TryAcquire"/> a buffer, fill it, <see cref="Publish"/> (or <see cref="Abandon"/>);
/// <see cref="Complete"/> at end of stream. Consumer: <see cref="TryTake"/> or <see cref="TakeAsync"/>, use the frame,
/// <see cref="Release"/> it. The consumer may hold up to <c>PoolSize − 2</c> frames at once without starving the producer.</para>
/// <para>Nothing is allocated per frame; the buffers are allocated once, natively, in the constructor.</para>
/// </remarks>
public sealed class FrameRing : IDisposable
{
    // Design:
    // - _mailbox holds the index of the newest published, untaken frame, or Empty. The producer swaps a fresh frame in
    //   (Interlocked.Exchange: a full fence, so the frame's pixels and metadata are visible before its index is); the
    //   consumer swaps Empty in to take it. Whoever swaps out an untaken frame on the producer side counts a drop.
    // - Released frames travel back consumer -> producer through _returned, a bounded SPSC queue of indexes
    //   (capacity >= pool size, so it never fills): the consumer writes a slot, then publishes _cursors.ReturnedTail
    //   with Volatile.Write; the producer reads the tail with Volatile.Read and publishes its head the same way.
    // - _producerFree is a stack only the producer touches (buffers it holds or reclaimed from the mailbox).
    // - _published wakes the consumer after a publish; _taken wakes a pacing producer after a take (both AsyncSignal:
    //   a set with nobody waiting is kept, so no wake-up is lost).
    // - Counters: _cursors.Published/Dropped/Starved are producer-written, _cursors.Taken consumer-written, each on its
    //   owner's cache line, read by anyone with Volatile.Read.
    private const int Empty = -1;

    private readonly Frame[] _frames;
    private readonly int[] _returned;
    private readonly int _returnedMask;
    private readonly int[] _producerFree;
    private readonly AsyncSignal _published;
    private readonly AsyncSignal _taken;
    private int _producerFreeCount;
    private int _mailbox = Empty;
    private Cursors _cursors;

    [StructLayout(LayoutKind.Explicit, Size = 3 * CacheLine.Size)]
    private struct Cursors
    {
        // Producer-owned line.
        [FieldOffset(CacheLine.Size)] public long ReturnedHead;
        [FieldOffset(CacheLine.Size + 8)] public long Published;
        [FieldOffset(CacheLine.Size + 16)] public long Dropped;
        [FieldOffset(CacheLine.Size + 24)] public long Starved;

        // Consumer-owned line.
        [FieldOffset(2 * CacheLine.Size)] public long ReturnedTail;
        [FieldOffset(2 * CacheLine.Size + 8)] public long Taken;
    }

    /// <summary>Creates a ring of <paramref name="poolSize"/> buffers of <paramref name="frameCapacity"/> bytes each.</summary>
    /// <param name="name">The stream's name (<c>camera</c>) for its <see cref="Bound"/>.</param>
    /// <param name="poolSize">Buffers in the pool; at least 3 (one being filled, one waiting, one being read).</param>
    /// <param name="frameCapacity">Bytes per buffer: the largest frame the producer will write.</param>
    /// <param name="time">The clock for the bound's advance times and for waits.</param>
    public FrameRing(string name, int poolSize, int frameCapacity, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 3);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameCapacity);
        time ??= TimeProvider.System;
        _frames = new Frame[poolSize];
        _producerFree = new int[poolSize];
        for (var i = 0; i < poolSize; i++)
        {
            _frames[i] = new Frame(i, frameCapacity);
            _producerFree[i] = poolSize - 1 - i;
        }
        _producerFreeCount = poolSize;
        _returned = new int[(int)BitOperations.RoundUpToPowerOf2((uint)poolSize)];
        _returnedMask = _returned.Length - 1;
        _published = new AsyncSignal(time);
        _taken = new AsyncSignal(time);
        Bound = new StreamBound(name, time);
    }

    /// <summary>The camera stream's timestamp bound (advanced past each published frame).</summary>
    public StreamBound Bound { get; }

    /// <summary>Buffers in the pool.</summary>
    public int PoolSize => _frames.Length;

    /// <summary>Bytes per buffer.</summary>
    public int FrameCapacity => _frames[0].Capacity;

    /// <summary>Frames published by the producer.</summary>
    public long Published => Volatile.Read(ref _cursors.Published);

    /// <summary>Frames replaced before the consumer took them (latest wins).</summary>
    public long Dropped => Volatile.Read(ref _cursors.Dropped);

    /// <summary>Incoming frames the producer had to skip because the consumer held every other buffer.</summary>
    public long Starved => Volatile.Read(ref _cursors.Starved);

    /// <summary>Frames the consumer took.</summary>
    public long Taken => Volatile.Read(ref _cursors.Taken);

    /// <summary>True when a published frame waits to be taken.</summary>
    public bool HasPending => Volatile.Read(ref _mailbox) != Empty;

    // ---- producer -------------------------------------------------------------------------------------

    /// <summary>Producer: a buffer to fill, or null when the consumer holds all the others (the incoming frame is then skipped and counted).</summary>
    public Frame? TryAcquire()
    {
        if (_producerFreeCount > 0 || DrainReturned())
        {
            return _frames[_producerFree[--_producerFreeCount]];
        }
        // Pool empty: reclaim the untaken frame waiting in the mailbox; the newer frame about to be written wins.
        var stale = Interlocked.Exchange(ref _mailbox, Empty);
        if (stale != Empty)
        {
            Volatile.Write(ref _cursors.Dropped, _cursors.Dropped + 1);
            return _frames[stale];
        }
        Volatile.Write(ref _cursors.Starved, _cursors.Starved + 1);
        return null;
    }

    /// <summary>Producer: publishes a filled frame (set its <see cref="Frame.Timestamp"/>, format and length first); assigns its sequence number.</summary>
    public void Publish(Frame frame)
    {
        Debug.Assert(_frames[frame.Index] == frame);
        frame.Sequence = _cursors.Published;
        var replaced = Interlocked.Exchange(ref _mailbox, frame.Index); // full fence: the frame is complete before its index is visible
        Volatile.Write(ref _cursors.Published, _cursors.Published + 1);
        if (replaced != Empty)
        {
            _producerFree[_producerFreeCount++] = replaced;
            Volatile.Write(ref _cursors.Dropped, _cursors.Dropped + 1);
        }
        Bound.Advance(frame.Timestamp.AddNanoseconds(1));
        _published.Set();
    }

    /// <summary>Producer: gives back an acquired frame that was not filled (a short read).</summary>
    public void Abandon(Frame frame) => _producerFree[_producerFreeCount++] = frame.Index;

    /// <summary>Producer: the stream ended. The consumer drains the pending frame, then <see cref="TakeAsync"/> returns null.</summary>
    public void Complete()
    {
        Bound.Close();
        _published.Set();
    }

    /// <summary>
    /// Producer: waits until the consumer took the pending frame (returns at once when none is pending). A source that
    /// runs as fast as it is consumed (a replayed file) calls this before publishing the next frame, so nothing is dropped.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no allocation when it has to wait
    public async ValueTask WaitUntilTakenAsync(CancellationToken cancellationToken)
    {
        if (!HasPending)
        {
            return;
        }
        Bound.HoldBack(); // the stream has a frame waiting: a slow consumer is not a missing camera
        try
        {
            while (HasPending)
            {
                await _taken.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Bound.EndHoldBack();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool DrainReturned()
    {
        var tail = Volatile.Read(ref _cursors.ReturnedTail);
        var head = _cursors.ReturnedHead;
        if (head == tail)
        {
            return false;
        }
        for (; head < tail; head++)
        {
            _producerFree[_producerFreeCount++] = _returned[(int)(head & _returnedMask)];
        }
        Volatile.Write(ref _cursors.ReturnedHead, head); // the slots are read before the consumer may reuse them
        return true;
    }

    // ---- consumer -------------------------------------------------------------------------------------

    /// <summary>Consumer: takes the newest published frame, if one is waiting.</summary>
    public bool TryTake([NotNullWhen(true)] out Frame? frame)
    {
        var index = Volatile.Read(ref _mailbox) == Empty ? Empty : Interlocked.Exchange(ref _mailbox, Empty);
        if (index == Empty)
        {
            frame = null;
            return false;
        }
        Volatile.Write(ref _cursors.Taken, _cursors.Taken + 1);
        frame = _frames[index];
        _taken.Set();
        return true;
    }

    /// <summary>Consumer: waits for the next frame; null once the producer completed and nothing is pending.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no allocation when it has to wait
    public async ValueTask<Frame?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTake(out var frame))
            {
                return frame;
            }
            if (Bound.IsClosed)
            {
                // A frame published just before Complete is visible now (Close follows the mailbox exchange).
                return TryTake(out frame) ? frame : null;
            }
            await _published.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consumer: returns a taken frame to the producer. The frame must not be used afterwards.</summary>
    public void Release(Frame frame)
    {
        Debug.Assert(_frames[frame.Index] == frame);
        var tail = _cursors.ReturnedTail;
        Debug.Assert(tail - Volatile.Read(ref _cursors.ReturnedHead) < _returned.Length, "more frames released than the pool holds");
        _returned[(int)(tail & _returnedMask)] = frame.Index;
        Volatile.Write(ref _cursors.ReturnedTail, tail + 1); // publishes the slot written above
    }

    /// <summary>Frees the buffers. Call after producer and consumer stopped.</summary>
    public void Dispose()
    {
        foreach (var f in _frames)
        {
            f.Dispose();
        }
        _published.Dispose();
        _taken.Dispose();
        Bound.Dispose();
    }
}
