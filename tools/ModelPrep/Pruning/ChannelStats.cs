using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Onnx.Proto;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Pruning;

/// <summary>Per-channel minimum, maximum and mean of one NCHW tensor over every position of every calibration sample.</summary>
internal sealed class ChannelRange(int channels)
{
    public double[] Min { get; } = Enumerable.Repeat(double.PositiveInfinity, channels).ToArray();

    public double[] Max { get; } = Enumerable.Repeat(double.NegativeInfinity, channels).ToArray();

    private readonly double[] _sum = new double[channels];
    private long _perChannel;

    public int Channels => Min.Length;

    public double Mean(int c) => _perChannel == 0 ? 0 : _sum[c] / _perChannel;

    /// <summary>A channel that took one value everywhere (a dead ReLU channel is constant 0).</summary>
    public bool IsConstant(int c) => Min[c] == Max[c];

    public void Add(NamedTensor t)
    {
        if (t.Shape.Length < 2 || t.Shape[1] != Channels) throw new InvalidDataException($"{t.Name}: shape [{string.Join(",", t.Shape)}] does not have {Channels} channels on axis 1");
        var batch = t.Shape[0];
        var plane = t.Data.Length / (batch * Channels);
        for (var b = 0; b < batch; b++)
        {
            for (var c = 0; c < Channels; c++)
            {
                var span = t.Data.AsSpan((b * Channels + c) * plane, plane);
                double lo = Min[c], hi = Max[c], sum = 0;
                foreach (var v in span)
                {
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                    sum += v;
                }
                (Min[c], Max[c]) = (lo, hi);
                _sum[c] += sum;
            }
        }
        _perChannel += (long)batch * plane;
    }
}

/// <summary>Runs the calibration samples through a copy of the model that exposes the given tensors, and collects their per-channel ranges.</summary>
internal static class ChannelStats
{
    public static Dictionary<string, ChannelRange> Collect(IInference inference, ModelProto model, IReadOnlyDictionary<string, int> tensors,
        IReadOnlyList<IReadOnlyList<NamedTensor>> samples, string scratch, Action<string, double>? progress = null)
    {
        var exposed = model.Clone();
        var existing = exposed.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var t in names.Where(existing.Add)) exposed.Graph.Output.Add(new ValueInfoProto { Name = t });
        Directory.CreateDirectory(scratch);
        var path = Path.Combine(scratch, "channels.onnx");
        OnnxFile.Save(exposed, path);
        var ranges = names.ToDictionary(t => t, t => new ChannelRange(tensors[t]), StringComparer.Ordinal);
        for (var s = 0; s < samples.Count; s++)
        {
            foreach (var o in inference.Run(path, 2, samples[s], names).Outputs) ranges[o.Name].Add(o);
            progress?.Invoke("channel statistics", (s + 1.0) / samples.Count);
        }
        return ranges;
    }
}
