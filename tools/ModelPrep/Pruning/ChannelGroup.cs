using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Pruning;

/// <summary>An initializer that carries one value per channel of a group, and the axis that indexes the channel.</summary>
internal readonly record struct ChannelSlice(string Initializer, int Axis);

/// <summary>A convolution that reads the group's channels as input channels (group = 1), and the tensor it reads them from.</summary>
internal readonly record struct ChannelConsumer(NodeProto Conv, string Input);

/// <summary>
/// The output channels of one group=1 Conv (the head; with squeeze-excite, also the gate's Conv) and everything they reach before they are mixed by a group=1
/// Conv: per-channel elementwise nodes, BatchNormalization and depthwise Convs. Removing channel c means removing
/// index c from every <see cref="Slices"/> entry and input channel c from every <see cref="Consumers"/> weight; nothing
/// else in the graph sees the channel (the finder only builds groups for which this holds).
/// </summary>
internal sealed class ChannelGroup
{
    /// <summary>The group=1 Convs whose output channels are the group's: the first one, and a squeeze-excite gate's Conv when there is one.</summary>
    public required IReadOnlyList<NodeProto> Heads { get; init; }

    /// <summary>The first head: its filters rank the channels by L1 norm, and it names the group.</summary>
    public NodeProto Head => Heads[0];

    /// <summary>Output channels of the head (before pruning).</summary>
    public required int Channels { get; init; }

    /// <summary>Initializers to slice: the head's weight (axis 0) and bias, depthwise weights and biases, BatchNormalization parameters, per-channel constants.</summary>
    public required IReadOnlyList<ChannelSlice> Slices { get; init; }

    /// <summary>Depthwise Convs inside the group (their group attribute becomes the new channel count).</summary>
    public required IReadOnlyList<NodeProto> Depthwise { get; init; }

    /// <summary>The group=1 Convs where the group ends.</summary>
    public required IReadOnlyList<ChannelConsumer> Consumers { get; init; }

    /// <summary>Every tensor carrying the group's channels (on axis 1).</summary>
    public required IReadOnlyList<string> Tensors { get; init; }

    /// <summary>The tensors read by a Conv of the group (depthwise or consumer): where dead channels are measured.</summary>
    public IEnumerable<string> ConvInputs => Depthwise.Select(d => d.Input[0]).Concat(Consumers.Select(c => c.Input)).Distinct(StringComparer.Ordinal);

    public string Name => Head.Name.Length > 0 ? Head.Name : Head.Output[0];
}
