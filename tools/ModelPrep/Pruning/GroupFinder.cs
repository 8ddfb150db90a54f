using EdgeRuntime.ModelPrep.Graph;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Pruning;

/// <summary>
/// Finds the prunable channel groups of an NCHW float graph. Conservative: a group is accepted only when every path
/// from the head's output ends in the input of a group=1 Conv after nodes that treat each channel on its own —
/// Relu, Clip, Sigmoid, HardSigmoid, HardSwish, LeakyRelu, Tanh, Neg, Identity; Add/Sub/Mul/Div/Max/Min whose other
/// operand is a scalar or [C,1,1]-shaped initializer or another tensor of the same group (the hard-swish pattern);
/// BatchNormalization; a spatial ReduceMean (keepdims); depthwise Convs (group = channels, one filter per channel);
/// and a squeeze-excite Mul by a gate that another group=1 Conv computes per channel (that Conv joins as a second head).
/// Anything else — a residual Add of two groups, Concat, Reshape, Transpose, Resize, another reduction, a graph output,
/// a product with a tensor computed elsewhere — rejects the group, with the reason.
/// </summary>
internal static class GroupFinder
{
    private static readonly HashSet<string> Unary = ["Relu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "LeakyRelu", "Tanh", "Neg", "Identity"];

    private static readonly HashSet<string> Binary = ["Add", "Sub", "Mul", "Div", "Max", "Min"];

    /// <summary>The prunable groups, in graph order, and for every other group=1 Conv the reason it is not prunable.</summary>
    public static (List<ChannelGroup> Groups, List<string> Rejected) Find(GraphProto graph)
    {
        var index = new GraphIndex(graph);
        var groups = new List<ChannelGroup>();
        var rejected = new List<string>();
        var claimed = new HashSet<NodeProto>();
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv" && Nodes.GetInt(n, "group", 1) == 1))
        {
            if (claimed.Contains(conv) || !index.Initializers.TryGetValue(conv.Input[1], out var w) || w.Dims.Count != 4) continue;
            var group = TryBuild(index, conv, (int)w.Dims[0], claimed, out var reason);
            if (group is not null)
            {
                groups.Add(group);
                claimed.UnionWith(group.Heads);
            }
            else
            {
                rejected.Add($"{conv.Name}: {reason}");
            }
        }
        return (groups, rejected);
    }

    private static ChannelGroup? TryBuild(GraphIndex index, NodeProto head, int channels, IReadOnlySet<NodeProto> claimed, out string reason)
    {
        var slices = new List<ChannelSlice>();
        var heads = new List<NodeProto>();
        var members = new HashSet<NodeProto>();
        bool AddHead(NodeProto conv)
        {
            heads.Add(conv);
            members.Add(conv);
            slices.Add(new ChannelSlice(conv.Input[1], 0));
            if (conv.Input.Count <= 2 || conv.Input[2].Length == 0) return true;
            slices.Add(new ChannelSlice(conv.Input[2], 0));
            return index.IsInitializer(conv.Input[2]);
        }
        if (!AddHead(head)) return Reject("its bias is not an initializer", out reason);
        var depthwise = new List<NodeProto>();
        var consumers = new List<ChannelConsumer>();
        var tensors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        void Reach(string t)
        {
            if (seen.Add(t)) pending.Enqueue(t);
        }
        Reach(head.Output[0]);
        // Design: a squeeze-excite gate Mul(x, gate) multiplies the group by a [1,C,1,1] tensor that another group=1
        // Conv computes (the excite Conv, then hard-sigmoid). That Conv's output channels are the group's channels, so
        // it joins the group as a second head: removing channel c removes its filter c too.
        bool Absorb(string operand)
        {
            var t = operand;
            while (!seen.Contains(t) && index.Producer.TryGetValue(t, out var p))
            {
                if (p.OpType == "Conv" && Nodes.GetInt(p, "group", 1) == 1 && !members.Contains(p) && !claimed.Contains(p)
                    && index.Initializers.TryGetValue(p.Input[1], out var w) && w.Dims.Count == 4 && w.Dims[0] == channels)
                {
                    if (!AddHead(p)) return false;
                    Reach(p.Output[0]);
                    return true;
                }
                if (!(Unary.Contains(p.OpType) || Binary.Contains(p.OpType))) return false;
                var operands = p.Input.Where(i => i.Length > 0 && !index.IsInitializer(i)).ToList();
                if (operands.Count != 1) return false;
                t = operands[0];
            }
            return false;
        }
        while (pending.Count > 0)
        {
            var t = pending.Dequeue();
            tensors.Add(t);
            if (index.GraphOutputs.Contains(t)) return Reject($"{t} is a graph output", out reason);
            var readers = index.ConsumersOf(t);
            if (readers.Count == 0) return Reject($"{t} is not read by any node", out reason);
            foreach (var n in readers)
            {
                if (!members.Add(n)) continue;
                if (Unary.Contains(n.OpType) || Binary.Contains(n.OpType))
                {
                    // Operands other than group tensors: initializers, scalar or one value per channel.
                    foreach (var input in n.Input.Where(i => i.Length > 0 && !seen.Contains(i) && index.IsInitializer(i)))
                    {
                        var axis = ChannelAxis(index.Initializers[input], channels);
                        if (axis == -2) return Reject($"{n.OpType} {n.Name} has operand {input} that is neither scalar nor per channel", out reason);
                        if (axis >= 0) slices.Add(new ChannelSlice(input, axis));
                    }
                    if (n.Output.Count != 1) return Reject($"{n.OpType} {n.Name} has {n.Output.Count} outputs", out reason);
                    if (n.OpType == "Mul")
                    {
                        foreach (var other in n.Input.Where(i => i.Length > 0 && !seen.Contains(i) && !index.IsInitializer(i)).ToList()) Absorb(other);
                    }
                    Reach(n.Output[0]);
                }
                else if (n.OpType == "ReduceMean" && n.Input.Count == 1 && Nodes.GetInt(n, "keepdims", 1) == 1
                         && Nodes.GetInts(n, "axes") is { Length: > 0 } axes && !axes.Contains(0) && !axes.Contains(1) && !axes.Contains(-4) && !axes.Contains(-3))
                {
                    // Spatial mean (the squeeze of squeeze-excite): [1,C,1,1], still one value per channel.
                    Reach(n.Output[0]);
                }
                else if (n.OpType == "BatchNormalization" && n.Input[0] == t)
                {
                    if (n.Input.Skip(1).Any(i => !index.IsInitializer(i))) return Reject($"BatchNormalization {n.Name} has non-constant parameters", out reason);
                    if (n.Output.Skip(1).Any(o => o.Length > 0)) return Reject($"BatchNormalization {n.Name} is in training mode", out reason);
                    slices.AddRange(n.Input.Skip(1).Select(i => new ChannelSlice(i, 0)));
                    Reach(n.Output[0]);
                }
                else if (n.OpType == "Conv" && n.Input[0] == t && index.Initializers.TryGetValue(n.Input[1], out var w) && w.Dims.Count == 4)
                {
                    var g = Nodes.GetInt(n, "group", 1);
                    if (g == 1)
                    {
                        consumers.Add(new ChannelConsumer(n, t));
                    }
                    else if (g == channels && w.Dims[0] == channels && w.Dims[1] == 1)
                    {
                        depthwise.Add(n);
                        slices.Add(new ChannelSlice(n.Input[1], 0));
                        if (n.Input.Count > 2 && n.Input[2].Length > 0)
                        {
                            if (!index.IsInitializer(n.Input[2])) return Reject($"depthwise {n.Name} has a non-constant bias", out reason);
                            slices.Add(new ChannelSlice(n.Input[2], 0));
                        }
                        Reach(n.Output[0]);
                    }
                    else
                    {
                        return Reject($"Conv {n.Name} has group {g} (neither 1 nor depthwise over {channels} channels)", out reason);
                    }
                }
                else
                {
                    return Reject($"{t} reaches {n.OpType} {n.Name}", out reason);
                }
            }
        }
        // Every non-constant operand of the group's elementwise nodes must itself carry the group's channels.
        foreach (var n in members.Where(m => Unary.Contains(m.OpType) || Binary.Contains(m.OpType)))
        {
            var foreign = n.Input.FirstOrDefault(i => i.Length > 0 && !seen.Contains(i) && !index.IsInitializer(i));
            if (foreign is not null) return Reject($"{n.OpType} {n.Name} combines the group with {foreign}, computed elsewhere", out reason);
        }
        // A sliced initializer must not be shared with nodes outside the group, nor a consumer's weight with another node.
        foreach (var s in slices)
        {
            if (index.ConsumersOf(s.Initializer).Any(n => !members.Contains(n))) return Reject($"initializer {s.Initializer} is shared outside the group", out reason);
        }
        foreach (var c in consumers)
        {
            if (index.ConsumersOf(c.Conv.Input[1]).Count != 1) return Reject($"the weight of consumer {c.Conv.Name} is shared", out reason);
        }
        reason = "";
        return new ChannelGroup
        {
            Heads = heads, Channels = channels, Slices = [.. slices.DistinctBy(s => s.Initializer)], Depthwise = depthwise, Consumers = consumers, Tensors = tensors,
        };
    }

    /// <summary>-1: a scalar (nothing to slice); the axis holding the channels for a [C,1,1] or [1,C,1,1] shape; -2: anything else.</summary>
    private static int ChannelAxis(TensorProto t, int channels)
    {
        if (Tensors.Count(t) == 1) return -1;
        var dims = t.Dims;
        if (dims.Count is < 3 or > 4) return -2;
        var axis = dims.Count - 3;
        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i] != (i == axis ? channels : 1)) return -2;
        }
        return axis;
    }

    private static ChannelGroup? Reject(string why, out string reason)
    {
        reason = why;
        return null;
    }
}
