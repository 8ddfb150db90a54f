using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Output.Messages;

namespace EdgeRuntime.Output.Console;

/// <summary>
/// The sink used when no broker is configured: one JSON line per message on a writer (standard output by default),
/// <c>{"topic":"edge/events","retain":false,"payload":{...}}</c>, with the same topics and payloads MQTT would carry,
/// and the same line appended to a JSONL file when one is given (<see cref="JsonlFile"/>). Nothing is journaled: a
/// line written is delivered.
/// </summary>
/// <remarks>
/// // Design: producers write into a bounded channel (never blocking the cascade): when the reader of standard output
/// stalls, the queue stops at <see cref="DefaultCapacity"/> messages and what does not fit is counted as dropped by its
/// priority (<c>_droppedLow</c>, <c>_droppedHigh</c>, Interlocked) instead of growing the heap for as long as the stall
/// lasts. One writer task owns the stream, the JSONL file and the <c>_written</c> counter. <c>_accepted</c> is
/// incremented by producers with Interlocked; flush waiters compare the two.
/// </remarks>
public sealed class ConsoleEventSink : QueuedEventSink
{
    private readonly TextWriter _output;
    private readonly bool _ownsOutput;
    private readonly JsonlFile? _file;
    private readonly Channel<OutgoingMessage> _queue;
    private readonly FlushWaiters _flushWaiters = new();
    private Task _writer = Task.CompletedTask;
    private long _accepted;
    private long _written;
    private long _droppedLow;
    private long _droppedHigh;

    /// <summary>
    /// Messages the sink holds while its output is slower than the cascade: a minute of a busy scene's events, stats and
    /// decisions (a few tens a second), well under a megabyte.
    /// </summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Writes to <paramref name="output"/>; disposes it with the sink when <paramref name="ownsOutput"/>.</summary>
    public ConsoleEventSink(Topics topics, TextWriter output, bool ownsOutput)
        : this(topics, output, ownsOutput, null)
    {
    }

    /// <summary>Also appends every line to <paramref name="file"/> (when not null), which the sink then owns and closes.</summary>
    internal ConsoleEventSink(Topics topics, TextWriter output, bool ownsOutput, JsonlFile? file, int capacity = DefaultCapacity)
        : base(new MessageBuilder(topics))
    {
        _queue = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _output = output;
        _ownsOutput = ownsOutput;
        _file = file;
    }

    /// <inheritdoc />
    public override string Name => "console";

    /// <inheritdoc />
    public override OutputStats Stats => new()
    {
        Accepted = Volatile.Read(ref _accepted),
        Delivered = Volatile.Read(ref _written),
        Fsyncs = _file?.Syncs ?? 0,
        DroppedLow = Volatile.Read(ref _droppedLow),
        DroppedHigh = Volatile.Read(ref _droppedHigh),
        Connected = true,
    };

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoop, CancellationToken.None);
        Enqueue(Builder.Available("online"));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var target = Volatile.Read(ref _accepted);
        var task = _flushWaiters.Register(target, cancellationToken);
        _flushWaiters.Complete(Volatile.Read(ref _written));
        return task;
    }

    /// <inheritdoc />
    protected override void Enqueue(OutgoingMessage message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            Interlocked.Increment(ref _accepted);
        }
        else
        {
            Interlocked.Increment(ref message.Priority == EventPriority.High ? ref _droppedHigh : ref _droppedLow);
        }
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        // The last word waits for room rather than being dropped, while the writer task drains the queue (not after
        // it stopped: a writer that failed drains nothing, and the stop must not wait on it).
        var last = _queue.Writer.WriteAsync(Builder.Available("stopped")).AsTask();
        if (await Task.WhenAny(last, _writer).ConfigureAwait(false) == last && last.IsCompletedSuccessfully)
        {
            Interlocked.Increment(ref _accepted);
        }
        _queue.Writer.TryComplete();
        CommandWriter.TryComplete();
        await _writer.ConfigureAwait(false);
        _file?.Dispose();
        _flushWaiters.FailAll(new ObjectDisposedException(nameof(ConsoleEventSink)));
        if (_ownsOutput)
        {
            await _output.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteLoop()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var message))
            {
                buffer.ResetWrittenCount();
                WriteLine(json, message);
                var length = buffer.WrittenCount;
                buffer.Write("\n"u8);
                _file?.Append(buffer.WrittenSpan); // before the console: a line seen there is on disk
                await _output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan[..length])).ConfigureAwait(false);
                Volatile.Write(ref _written, _written + 1); // published after the line is in the writer
            }
            await _output.FlushAsync().ConfigureAwait(false);
            _flushWaiters.Complete(Volatile.Read(ref _written));
        }
    }

    private static void WriteLine(Utf8JsonWriter json, OutgoingMessage message)
    {
        json.Reset();
        json.WriteStartObject();
        json.WriteString("topic"u8, message.Topic.Utf8);
        json.WriteBoolean("retain"u8, message.Retain);
        json.WritePropertyName("payload"u8);
        if (message.IsJson)
        {
            json.WriteRawValue(message.Payload, skipInputValidation: true);
        }
        else
        {
            json.WriteStringValue(message.Payload);
        }
        json.WriteEndObject();
        json.Flush();
    }
}
