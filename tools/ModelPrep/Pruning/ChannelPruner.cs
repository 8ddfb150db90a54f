using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Pruning;

/// <summary>What pruning did to one group: channels before, removed as dead, removed by L1 norm.</summary>
internal sealed record LayerPrune(string Name, int Channels, int Dead, int L1)
{
    /// <summary>The removed channel indices (dead and L1), ascending.</summary>
    public IReadOnlyList<int> Removed { get; init; } = [];

    public int Kept => Channels - Dead - L1;
}

/// <summary>How much to prune: the L1 ratio, the layers (head Conv names) exempt from L1 pruning, and whether an L1-removed channel's mean is folded into the consumers' biases.</summary>
internal sealed record PruneOptions(float L1Ratio, IReadOnlySet<string> KeepLayers, bool CompensateL1);

/// <summary>The pruned model, what happened per prunable layer, and why the other group=1 Convs are not prunable.</summary>
internal sealed record PruneOutcome(ModelProto Model, IReadOnlyList<LayerPrune> Layers, IReadOnlyList<string> Rejected);

/// <summary>
/// Removes channels from the groups <see cref="GroupFinder"/> accepts, on a copy of the model.
/// <para>Dead channels: a channel that is constant (one value everywhere) at every Conv input of its group on the
/// calibration set — after a ReLU or ReLU6 that never exceeds 0 the constant is 0. Each consumer Conv receives that
/// constant k on the channel; its contribution k·ΣW[o,c,:,:] is folded into the consumer's bias (a bias is added when
/// there is none). Approximation: with zero padding, the consumer's border outputs see only part of the kernel over the
/// constant, so for k ≠ 0 and a kernel larger than 1×1 the fold is exact in the interior and slightly off along the
/// borders; for the common dead ReLU channel (k = 0) the removal is exact everywhere. (A channel that enters a
/// depthwise Conv constant stays constant behind it only when the constant is 0 or the kernel 1×1, because of the same
/// padding; otherwise it is not measured constant at the consumer and is not treated as dead.)</para>
/// <para>L1: then, per group, floor(ratio × remaining channels) with the smallest L1 norm of the head's filter (ties:
/// lower index first) are removed; with <see cref="PruneOptions.CompensateL1"/> each one's calibration mean at the
/// consumer's input is folded into the consumer's bias like a dead channel's constant (the least-squares constant
/// in its place). At least one channel always stays.</para>
/// </summary>
internal static class ChannelPruner
{
    /// <summary>Finds the groups, measures their channels on <paramref name="samples"/> (calibration data) and prunes.</summary>
    public static PruneOutcome Prune(IInference inference, ModelProto model, IReadOnlyList<IReadOnlyList<NamedTensor>> samples, PruneOptions options, string scratch,
        Action<string, double>? progress = null)
    {
        var (groups, rejected) = GroupFinder.Find(model.Graph);
        var measured = groups.SelectMany(g => g.ConvInputs.Select(t => (Tensor: t, g.Channels))).DistinctBy(x => x.Tensor)
            .ToDictionary(x => x.Tensor, x => x.Channels, StringComparer.Ordinal);
        var stats = measured.Count == 0 ? [] : ChannelStats.Collect(inference, model, measured, samples, scratch, progress);
        return new PruneOutcome(Prune(model, stats, options, out var layers), layers, rejected);
    }

    public static ModelProto Prune(ModelProto model, IReadOnlyDictionary<string, ChannelRange> stats, PruneOptions options, out List<LayerPrune> layers)
    {
        var pruned = model.Clone();
        var graph = pruned.Graph;
        var (groups, _) = GroupFinder.Find(graph);
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var removals = new Dictionary<string, (SortedSet<int> Axis0, SortedSet<int> Axis1)>(StringComparer.Ordinal);
        var biasDelta = new Dictionary<NodeProto, double[]>();
        layers = [];
        SortedSet<int> Removal(string name, int axis)
        {
            if (!removals.TryGetValue(name, out var r)) removals[name] = r = ([], []);
            return axis == 0 ? r.Axis0 : r.Axis1;
        }

        foreach (var group in groups)
        {
            var measured = group.ConvInputs.Select(t => stats.TryGetValue(t, out var r) ? r : null).ToList();
            var dead = Enumerable.Range(0, group.Channels).Where(c => measured.All(r => r is not null && r.IsConstant(c))).ToList();
            var weights = Tensors.ToFloats(initializers[group.Head.Input[1]]);
            var per = weights.Length / group.Channels;
            var norms = Enumerable.Range(0, group.Channels).Select(c => weights.AsSpan(c * per, per).ToArray().Sum(Math.Abs)).ToArray();
            if (dead.Count == group.Channels) dead.Remove(Enumerable.Range(0, group.Channels).MaxBy(c => norms[c]));
            var alive = Enumerable.Range(0, group.Channels).Except(dead).ToList();
            var l1Count = options.KeepLayers.Contains(group.Name) ? 0 : Math.Min((int)Math.Floor(options.L1Ratio * alive.Count), alive.Count - 1);
            var l1 = alive.OrderBy(c => norms[c]).ThenBy(c => c).Take(l1Count).ToList();
            layers.Add(new LayerPrune(group.Name, group.Channels, dead.Count, l1.Count) { Removed = [.. dead.Concat(l1).Order()] });
            if (dead.Count + l1.Count == 0) continue;

            foreach (var consumer in group.Consumers)
            {
                var w = initializers[consumer.Conv.Input[1]];
                var wd = Tensors.ToFloats(w);
                var (outputs, inputs) = ((int)w.Dims[0], (int)w.Dims[1]);
                var kernel = wd.Length / (outputs * inputs);
                if (!biasDelta.TryGetValue(consumer.Conv, out var delta)) biasDelta[consumer.Conv] = delta = new double[outputs];
                foreach (var (c, k) in dead.Select(c => (c, stats[consumer.Input].Max[c])).Concat(options.CompensateL1 ? l1.Select(c => (c, stats[consumer.Input].Mean(c))) : []))
                {
                    if (k == 0) continue;
                    for (var o = 0; o < outputs; o++)
                    {
                        double sum = 0;
                        for (var i = 0; i < kernel; i++) sum += wd[(o * inputs + c) * kernel + i];
                        delta[o] += k * sum;
                    }
                }
                Removal(consumer.Conv.Input[1], 1).UnionWith([.. dead, .. l1]);
            }
            foreach (var s in group.Slices) Removal(s.Initializer, s.Axis).UnionWith([.. dead, .. l1]);
            var kept = group.Channels - dead.Count - l1.Count;
            foreach (var d in group.Depthwise)
            {
                d.Attribute.Remove(Nodes.Find(d, "group")!);
                d.Attribute.Add(Nodes.Int("group", kept));
            }
            // Shapes inferred before pruning would now be wrong.
            var stale = group.Tensors.ToHashSet(StringComparer.Ordinal);
            foreach (var v in graph.ValueInfo.Where(v => stale.Contains(v.Name)).ToList()) graph.ValueInfo.Remove(v);
        }

        foreach (var (conv, delta) in biasDelta.Where(kv => kv.Value.Any(d => d != 0)))
        {
            // A consumer without a bias, or one sharing its bias with another node, gets a bias of its own.
            var hasBias = conv.Input.Count > 2 && conv.Input[2].Length > 0;
            if (!hasBias || graph.Node.Count(n => n.Input.Contains(conv.Input[2])) > 1)
            {
                var name = (conv.Name.Length > 0 ? conv.Name : conv.Output[0]) + "/pruning_bias";
                var bias = Tensors.Float(name, [delta.Length], hasBias ? Tensors.ToFloats(initializers[conv.Input[2]]) : new float[delta.Length]);
                graph.Initializer.Add(bias);
                initializers[name] = bias;
                // The new bias loses the output channels the consumer loses as a head of its own group.
                if (removals.TryGetValue(conv.Input[1], out var w) && w.Axis0.Count > 0) Removal(name, 0).UnionWith(w.Axis0);
                while (conv.Input.Count < 2) conv.Input.Add("");
                if (conv.Input.Count == 2) conv.Input.Add(name);
                else conv.Input[2] = name;
            }
            var b = initializers[conv.Input[2]];
            var values = Tensors.ToFloats(b);
            for (var o = 0; o < values.Length; o++) values[o] = (float)(values[o] + delta[o]);
            Replace(graph, b, Tensors.Float(b.Name, [.. b.Dims], values));
            initializers[b.Name] = graph.Initializer.First(i => i.Name == b.Name);
        }
        foreach (var (name, (axis0, axis1)) in removals)
        {
            var t = initializers[name];
            Replace(graph, t, Slice(t, axis0, axis1));
        }
        return pruned;
    }

    private static void Replace(GraphProto graph, TensorProto old, TensorProto replacement)
    {
        var at = graph.Initializer.IndexOf(old);
        graph.Initializer[at] = replacement;
    }

    /// <summary>The tensor without the given indices of axis 0 and axis 1 (its other axes untouched).</summary>
    public static TensorProto Slice(TensorProto t, IReadOnlySet<int> axis0, IReadOnlySet<int> axis1)
    {
        var data = Tensors.ToFloats(t);
        var dims = t.Dims.ToArray();
        var d0 = (int)dims[0];
        var d1 = dims.Length > 1 ? (int)dims[1] : 1;
        var inner = data.Length / (d0 * d1);
        var keep0 = Enumerable.Range(0, d0).Where(i => !axis0.Contains(i)).ToArray();
        var keep1 = Enumerable.Range(0, d1).Where(i => !axis1.Contains(i)).ToArray();
        var result = new float[keep0.Length * keep1.Length * inner];
        var at = 0;
        foreach (var i0 in keep0)
        {
            foreach (var i1 in keep1)
            {
                data.AsSpan((i0 * d1 + i1) * inner, inner).CopyTo(result.AsSpan(at));
                at += inner;
            }
        }
        dims[0] = keep0.Length;
        if (dims.Length > 1) dims[1] = keep1.Length;
        return Tensors.Float(t.Name, dims, result);
    }
}
