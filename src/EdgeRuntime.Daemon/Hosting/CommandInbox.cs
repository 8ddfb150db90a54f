using System.Threading.Channels;
using EdgeRuntime.Core.Events.Commands;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// Every user request in one queue, whichever way it came in: MQTT commands (the event sink's
/// <see cref="ICommandSource"/>), the GPIO button (<see cref="ButtonRequests"/>) and standard input
/// (<see cref="StandardInputRequests"/>). The cascade's dispatcher is its one reader, so a request does the same
/// thing whatever it came from. Bounded: the newest 64 are kept while nobody reads (a run without a cascade).
/// </summary>
/// <remarks>
/// // Design: the channel has many writers (one pump task per <see cref="Attach{T}"/>, plus any thread calling
/// <see cref="Post"/>, e.g. the standard-input reader) and one reader. <c>_pumps</c> belongs to the composing thread:
/// it attaches every source before the run starts and disposes the inbox after the run ended. <c>_stop</c> ends the
/// pumps; a pump also ends when its source completes (the sink or the GPIO controller was disposed).
/// </remarks>
internal sealed class CommandInbox : IAsyncDisposable
{
    private readonly Channel<EdgeCommand> _requests = Channel.CreateBounded<EdgeCommand>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];

    /// <summary>The requests, oldest first; completes when the inbox is disposed.</summary>
    public ChannelReader<EdgeCommand> Reader => _requests.Reader;

    /// <summary>Queues a request (never blocks; the oldest is dropped when 64 are waiting).</summary>
    public void Post(EdgeCommand command) => _requests.Writer.TryWrite(command);

    /// <summary>
    /// Forwards what <paramref name="source"/> yields, turned into requests by <paramref name="toRequest"/> (null:
    /// not a request), until the source completes or the inbox is disposed.
    /// </summary>
    public void Attach<T>(ChannelReader<T> source, Func<T, EdgeCommand?> toRequest) => _pumps.Add(Task.Run(async () =>
    {
        try
        {
            await foreach (var item in source.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (toRequest(item) is { } request)
                {
                    Post(request);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }, CancellationToken.None));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        _requests.Writer.TryComplete();
        _stop.Dispose();
    }
}
