using System.Threading.Channels;
using EdgeRuntime.Core.Events;
using EdgeRuntime.Core.Events.Commands;

namespace EdgeRuntime.Output.Messages;

/// <summary>
/// The shared half of every sink: turns <see cref="IEventSink"/> calls into messages with <see cref="MessageBuilder"/>
/// and hands them to <see cref="Enqueue"/>, which must not block. Also owns the command channel.
/// </summary>
public abstract class QueuedEventSink : IEventSink
{
    private readonly Channel<EdgeCommand> _commands = Channel.CreateBounded<EdgeCommand>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Creates the base with its message builder.</summary>
    protected QueuedEventSink(MessageBuilder builder) => Builder = builder;

    /// <summary>Builds the messages.</summary>
    protected MessageBuilder Builder { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public ChannelReader<EdgeCommand> Commands => _commands.Reader;

    /// <summary>The writer side of <see cref="Commands"/> (commands keep only the newest 64 when nobody reads).</summary>
    protected ChannelWriter<EdgeCommand> CommandWriter => _commands.Writer;

    /// <inheritdoc />
    public abstract OutputStats Stats { get; }

    /// <inheritdoc />
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Queues one message; never blocks.</summary>
    protected abstract void Enqueue(OutgoingMessage message);

    /// <inheritdoc />
    public void Publish(EdgeEvent e) => Enqueue(Builder.Event(e));

    /// <inheritdoc />
    public void PublishScene(SceneDescription scene) => Enqueue(Builder.Scene(scene));

    /// <inheritdoc />
    public void PublishDecision(CascadeDecision decision) => Enqueue(Builder.Decision(decision));

    /// <inheritdoc />
    public void PublishStats(PipelineStats stats) => Enqueue(Builder.Stats(stats with { Output = Stats }));

    /// <inheritdoc />
    public void PublishCount(string source, string label, int count) => Enqueue(Builder.Count(source, label, count));

    /// <inheritdoc />
    public void PublishAudioState(string source, string audioType, bool on) => Enqueue(Builder.AudioState(source, audioType, on));

    /// <inheritdoc />
    public void PublishMotion(string source, bool on) => Enqueue(Builder.Motion(source, on));

    /// <inheritdoc />
    public void PublishAudioLevel(string source, float dbfs) => Enqueue(Builder.AudioLevel(source, dbfs));

    /// <inheritdoc />
    public void PublishDistance(DistanceState state) => Enqueue(Builder.Distance(state));

    /// <inheritdoc />
    public void PublishState(string feature, string state) => Enqueue(Builder.State(feature, state));
}
