using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Messages;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Outbox;

/// <summary>
/// The durable outbox: an append-only journal of messages not yet acknowledged by the broker. A message is appended
/// (written, and fsynced per <see cref="FsyncPolicy"/>) before it is handed to the broker, removed when its PUBACK
/// arrives, and replayed in order after a restart.
/// </summary>
/// <remarks>
/// <para>File format, little-endian, one record after another:
/// <c>magic u32 "EDOB" | body length u32 | CRC-32C of body u32 | body</c>. A message body is
/// <c>kind=1 u8 | sequence u64 | priority u8 | flags u8 (bit 0 retain) | topic length u16 | topic UTF-8 | payload</c>;
/// a removal body is <c>kind=2 u8 | count u16 | sequence u64 × count</c> (acknowledged or dropped records).</para>
/// <para>On open, a record whose header, length or checksum does not hold (a write torn by a crash, a corrupted
/// block) is skipped with a warning naming its offset and size; reading resumes at the next valid record. The file is
/// then rewritten with only the live records. It is also compacted when it grows past four times the live bytes
/// (at least 1 MiB), and truncated whenever nothing is pending, so disk use stays within about 4 × MaxBytes.</para>
/// <para>When appending would exceed MaxBytes, the oldest low-priority records are dropped first, high-priority ones
/// only when no low-priority record is left; every drop is counted, reported through <see cref="Dropped"/>.</para>
/// // Design: single-threaded. The MQTT network thread (or the benchmark) owns the instance; nothing here is shared,
/// except that the batched policy's fdatasync runs on <see cref="BackgroundSyncer"/>'s thread on the same descriptor
/// (the kernel allows a write and an fdatasync at once); the owner waits for it before replacing or closing the file.
/// </remarks>
public sealed partial class OutboxJournal : IDisposable
{
    private const uint Magic = 0x424F4445; // "EDOB"
    private const int HeaderSize = 12;
    private const byte KindMessage = 1;
    private const byte KindRemoval = 2;
    private const int MessageBodyFixed = 1 + 8 + 1 + 1 + 2;
    private const int MaxBodyBytes = 256 * 1024 * 1024;
    private const long MinTruncateBytes = 1024 * 1024;
    private const long MinCompactionBytes = 8 * 1024 * 1024;

    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly LinkedList<OutboxRecord> _live = new();
    private readonly Queue<OutboxRecord> _lowByAge = new(); // low-priority records in sequence order; dead ones skipped lazily
    private readonly ArrayBufferWriter<byte> _unwritten = new(64 * 1024);
    private readonly List<long> _removals = [];
    private Stream _file; // Stream.Null for an in-memory outbox (benchmark baseline)
    private long _nextSequence = 1;
    private long _liveBytes;
    private BackgroundSyncer? _syncer; // batched policy: fsync off the owner thread
    private long _syncCount;
    private bool _unsynced;
    private long _lastSync = Stopwatch.GetTimestamp();

    private OutboxJournal(OutboxOptions options, ILogger logger, Stream file)
    {
        _options = options;
        _logger = logger;
        _file = file;
    }

    /// <summary>Called for each record about to be dropped because the outbox is full (it is still linked during the call).</summary>
    public Action<OutboxRecord>? Dropped { get; set; }

    /// <summary>
    /// Called when writing, syncing or compacting the file fails (disk full, I/O error). The records stay in memory and
    /// are still sent; the unwritten bytes are written by the next successful commit.
    /// </summary>
    public Action<IOException>? WriteFailed { get; set; }

    /// <summary>Records not yet acknowledged, oldest first.</summary>
    public LinkedList<OutboxRecord> Records => _live;

    /// <summary>Bytes of the live records.</summary>
    public long LiveBytes => _liveBytes;

    /// <summary>The journal file's current length.</summary>
    public long FileBytes => _file.Length + _unwritten.WrittenCount;

    /// <summary>The sequence number the last appended record got (0 before any).</summary>
    public long LastSequence => _nextSequence - 1;

    /// <summary>Records recovered from the journal when it was opened.</summary>
    public int Recovered { get; private set; }

    /// <summary>Torn or corrupt regions skipped when the journal was opened.</summary>
    public int CorruptRegions { get; private set; }

    /// <summary>Low-priority records dropped because the outbox was full.</summary>
    public long DroppedLow { get; private set; }

    /// <summary>High-priority records dropped because the outbox held only high-priority records and was full.</summary>
    public long DroppedHigh { get; private set; }

    /// <summary>fsync calls made since the journal was opened.</summary>
    public long Syncs => _syncCount + (_syncer?.Syncs ?? 0);

    /// <summary>The options.</summary>
    public OutboxOptions Options => _options;

    /// <summary>
    /// Opens (creating if needed) and recovers the journal at <see cref="OutboxOptions.Path"/>. An empty path keeps the
    /// outbox in memory only (same ordering and bounds, nothing survives the process): the benchmark's baseline.
    /// </summary>
    public static OutboxJournal Open(OutboxOptions options, ILogger logger)
    {
        if (options.Path.Length == 0)
        {
            return new OutboxJournal(options, logger, Stream.Null);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var file = new FileStream(options.Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        var journal = new OutboxJournal(options, logger, file);
        try
        {
            journal.Recover();
        }
        catch
        {
            file.Dispose();
            throw;
        }
        if (options.Fsync == FsyncPolicy.Batched)
        {
            journal._syncer = new BackgroundSyncer(logger);
        }
        return journal;
    }

    /// <summary>
    /// Appends a message (dropping older records first if the outbox is full). With <see cref="FsyncPolicy.Every"/> the
    /// record is written and fsynced before this returns; otherwise it is written by the next <see cref="Commit"/>,
    /// which the caller runs before handing the record to the broker.
    /// </summary>
    public OutboxRecord Append(OutgoingMessage message)
    {
        var size = HeaderSize + MessageBodyFixed + message.Topic.Utf8.Length + message.Payload.Length;
        MakeRoom(size);
        var record = new OutboxRecord(_nextSequence++, message.Topic, message.Payload, message.Retain, message.Priority, size, message.CreatedTimestamp);
        Link(record);
        Encode(record, _unwritten);
        if (_options.Fsync == FsyncPolicy.Every)
        {
            Guarded(() =>
            {
                WriteUnwritten();
                Sync();
            });
        }
        return record;
    }

    /// <summary>Removes an acknowledged record (written by the next <see cref="Commit"/>; no fsync needed: a lost removal only means a duplicate after a crash).</summary>
    public void Remove(OutboxRecord record)
    {
        if (Unlink(record))
        {
            _removals.Add(record.Sequence);
        }
    }

    /// <summary>Writes what was appended and removed since the last call (one write), fsyncs if the batched interval passed, compacts if due.</summary>
    public void Commit()
    {
        if (_live.Count == 0 && FileBytes >= MinTruncateBytes)
        {
            // Nothing pending: everything on disk is obsolete. Truncating (not on every empty moment: ftruncate
            // costs a filesystem transaction) keeps the file small without rewriting anything.
            _unwritten.ResetWrittenCount();
            _removals.Clear();
            if (_file.Length > 0)
            {
                _file.SetLength(0);
                _file.Position = 0;
            }
            _unsynced = false;
            return;
        }
        EncodeRemovals();
        if (!Guarded(WriteUnwritten))
        {
            return; // the bytes stay in the buffer; the next commit writes them
        }
        if (_options.Fsync == FsyncPolicy.Batched && _unsynced && Stopwatch.GetElapsedTime(_lastSync) >= _options.FsyncInterval)
        {
            // Off this thread: records keep flowing to the broker while the disk catches up. If the previous fsync
            // is still running, try again after another interval.
            if (_syncer is not null && _file is FileStream file)
            {
                _unsynced = !_syncer.TryRequest(file.SafeFileHandle);
                _lastSync = Stopwatch.GetTimestamp();
            }
            else
            {
                Guarded(Sync);
            }
        }
        if (_file.Length > Math.Max(MinCompactionBytes, 4 * _liveBytes))
        {
            Guarded(Rewrite);
        }
    }

    /// <summary>How long until a batched fsync is due, or null when none is pending.</summary>
    public TimeSpan? SyncDueIn =>
        _options.Fsync == FsyncPolicy.Batched && _unsynced
            ? _options.FsyncInterval - Stopwatch.GetElapsedTime(_lastSync) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero
            : null;

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (_syncer is { } syncer)
            {
                syncer.Dispose();
                _syncCount += syncer.Syncs;
                _syncer = null; // the last fsync below runs here, synchronously
            }
            Commit();
            if (_options.Fsync != FsyncPolicy.None && _unsynced)
            {
                Sync();
            }
        }
        finally
        {
            _file.Dispose();
        }
    }

    private bool Guarded(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (IOException e)
        {
            WriteFailed?.Invoke(e);
            return false;
        }
    }

    private void MakeRoom(int size)
    {
        while (_liveBytes + size > _options.MaxBytes && _live.First is not null)
        {
            var victim = OldestLow() ?? _live.First.Value;
            Dropped?.Invoke(victim); // before unlinking, so the owner can move a cursor off it
            Unlink(victim);
            _removals.Add(victim.Sequence);
            if (victim.Priority == EventPriority.Low)
            {
                DroppedLow++;
            }
            else
            {
                DroppedHigh++;
            }
        }
    }

    private OutboxRecord? OldestLow()
    {
        while (_lowByAge.TryPeek(out var oldest))
        {
            if (oldest.Live)
            {
                return oldest;
            }
            _lowByAge.Dequeue();
        }
        return null;
    }

    private void Link(OutboxRecord record)
    {
        record.Node = _live.AddLast(record);
        _liveBytes += record.EncodedSize;
        if (record.Priority == EventPriority.Low)
        {
            _lowByAge.Enqueue(record);
        }
    }

    private bool Unlink(OutboxRecord record)
    {
        if (record.Node is not { } node)
        {
            return false;
        }
        _live.Remove(node);
        record.Node = null;
        _liveBytes -= record.EncodedSize;
        return true;
    }

    private void WriteUnwritten()
    {
        if (_unwritten.WrittenCount == 0)
        {
            return;
        }
        _file.Write(_unwritten.WrittenSpan);
        _unwritten.ResetWrittenCount();
        _unsynced = true;
    }

    private void Sync()
    {
        if (_file is FileStream file)
        {
            file.Flush(flushToDisk: true);
            _syncCount++;
        }
        _unsynced = false;
        _lastSync = Stopwatch.GetTimestamp();
    }

    private static void Encode(OutboxRecord record, IBufferWriter<byte> output)
    {
        var topic = record.Topic.Utf8;
        var bodyLength = MessageBodyFixed + topic.Length + record.Payload.Length;
        var span = output.GetSpan(HeaderSize + bodyLength)[..(HeaderSize + bodyLength)];
        var body = span[HeaderSize..];
        body[0] = KindMessage;
        BinaryPrimitives.WriteInt64LittleEndian(body[1..], record.Sequence);
        body[9] = (byte)record.Priority;
        body[10] = (byte)(record.Retain ? 1 : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body[11..], checked((ushort)topic.Length));
        topic.CopyTo(body[MessageBodyFixed..]);
        record.Payload.CopyTo(body[(MessageBodyFixed + topic.Length)..]);
        WriteHeader(span, body);
        output.Advance(span.Length);
    }

    private void EncodeRemovals()
    {
        for (var start = 0; start < _removals.Count; start += ushort.MaxValue)
        {
            var count = Math.Min(ushort.MaxValue, _removals.Count - start);
            var bodyLength = 1 + 2 + 8 * count;
            var span = _unwritten.GetSpan(HeaderSize + bodyLength)[..(HeaderSize + bodyLength)];
            var body = span[HeaderSize..];
            body[0] = KindRemoval;
            BinaryPrimitives.WriteUInt16LittleEndian(body[1..], (ushort)count);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(body[(3 + 8 * i)..], _removals[start + i]);
            }
            WriteHeader(span, body);
            _unwritten.Advance(span.Length);
        }
        _removals.Clear();
    }

    private static void WriteHeader(Span<byte> record, ReadOnlySpan<byte> body)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], Crc32C.Compute(body));
    }

    /// <summary>Rewrites the file with only the live records (write a new file, fsync, rename over the old one).</summary>
    private void Rewrite()
    {
        var temporary = _options.Path + ".compact";
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(_liveBytes + 1024, int.MaxValue / 2));
        foreach (var record in _live)
        {
            Encode(record, buffer);
        }
        using (var fresh = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            fresh.Write(buffer.WrittenSpan);
            // The new file must be on disk before the rename can be, or a power cut could leave neither. Policy
            // "none" promises nothing across a power cut, so it skips the flush.
            if (_options.Fsync != FsyncPolicy.None)
            {
                fresh.Flush(flushToDisk: true);
                _syncCount++;
            }
        }
        _syncer?.WaitIdle();
        _file.Dispose();
        File.Move(temporary, _options.Path, overwrite: true);
        _file = new FileStream(_options.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        _file.Seek(0, SeekOrigin.End);
        _unsynced = false;
        _lastSync = Stopwatch.GetTimestamp();
    }

    private void Recover()
    {
        var length = _file.Length;
        if (length == 0)
        {
            return;
        }
        var bytes = new byte[length];
        _file.ReadExactly(bytes);
        var records = new List<OutboxRecord>();
        var removed = new HashSet<long>();
        var position = 0;
        var maxSequence = 0L;
        var now = Stopwatch.GetTimestamp();
        while (position < bytes.Length)
        {
            if (TryParse(bytes, position, out var next, records, removed, now))
            {
                position = next;
                continue;
            }
            var resume = position + 1;
            while (resume < bytes.Length && !TryParse(bytes, resume, out _, null, null, now))
            {
                resume++;
            }
            CorruptRegions++;
            LogCorrupt(_logger, _options.Path, position, resume - position, resume >= bytes.Length ? "torn or corrupt tail" : "corrupt record");
            position = resume;
        }
        foreach (var record in records)
        {
            maxSequence = Math.Max(maxSequence, record.Sequence);
            if (!removed.Contains(record.Sequence))
            {
                Link(record);
            }
        }
        maxSequence = Math.Max(maxSequence, removed.Count > 0 ? removed.Max() : 0);
        _nextSequence = maxSequence + 1;
        Recovered = _live.Count;
        if (Recovered > 0 || CorruptRegions > 0)
        {
            LogRecovered(_logger, _options.Path, Recovered, _liveBytes, CorruptRegions);
        }
        // Start from a clean file: live records only, no removals, no damaged bytes.
        if (_live.Count == 0)
        {
            _file.SetLength(0);
            _file.Position = 0;
        }
        else
        {
            Rewrite();
        }
    }

    /// <summary>Validates (and, when <paramref name="records"/> is given, applies) the record at <paramref name="position"/>.</summary>
    private static bool TryParse(byte[] bytes, int position, out int next, List<OutboxRecord>? records, HashSet<long>? removed, long now)
    {
        next = position;
        var span = bytes.AsSpan(position);
        if (span.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
        {
            return false;
        }
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
        if (bodyLength < 1 || bodyLength > MaxBodyBytes || bodyLength > span.Length - HeaderSize)
        {
            return false;
        }
        var body = span.Slice(HeaderSize, bodyLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[8..]) != Crc32C.Compute(body))
        {
            return false;
        }
        switch (body[0])
        {
            case KindMessage when body.Length >= MessageBodyFixed:
                var topicLength = BinaryPrimitives.ReadUInt16LittleEndian(body[11..]);
                if (MessageBodyFixed + topicLength > body.Length || body[9] > (byte)EventPriority.High)
                {
                    return false;
                }
                if (records is not null)
                {
                    var topic = Topic.Of(Encoding.UTF8.GetString(body.Slice(MessageBodyFixed, topicLength)));
                    var payload = body[(MessageBodyFixed + topicLength)..].ToArray();
                    records.Add(new OutboxRecord(BinaryPrimitives.ReadInt64LittleEndian(body[1..]), topic, payload,
                        (body[10] & 1) != 0, (EventPriority)body[9], HeaderSize + bodyLength, now));
                }
                break;
            case KindRemoval when body.Length >= 3:
                var count = BinaryPrimitives.ReadUInt16LittleEndian(body[1..]);
                if (body.Length != 3 + 8 * count)
                {
                    return false;
                }
                for (var i = 0; removed is not null && i < count; i++)
                {
                    removed.Add(BinaryPrimitives.ReadInt64LittleEndian(body[(3 + 8 * i)..]));
                }
                break;
            default:
                return false;
        }
        next = position + HeaderSize + bodyLength;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox {Path}: {What} at offset {Offset}, {Bytes} bytes skipped")]
    private static partial void LogCorrupt(ILogger logger, string path, long offset, long bytes, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "outbox {Path}: recovered {Count} unacknowledged record(s), {Bytes} bytes, {Corrupt} damaged region(s) skipped")]
    private static partial void LogRecovered(ILogger logger, string path, int count, long bytes, int corrupt);
}
