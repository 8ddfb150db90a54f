using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Graph;

/// <summary>Producer, consumers and initializers of an ONNX graph, by tensor name (a read-only snapshot).</summary>
internal sealed class GraphIndex
{
    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        foreach (var init in graph.Initializer) Initializers[init.Name] = init;
        foreach (var node in graph.Node)
        {
            foreach (var o in node.Output.Where(o => o.Length > 0)) Producer[o] = node;
            foreach (var i in node.Input.Where(i => i.Length > 0))
            {
                if (!Consumers.TryGetValue(i, out var list)) Consumers[i] = list = [];
                if (!list.Contains(node)) list.Add(node);
            }
        }
        foreach (var o in graph.Output) GraphOutputs.Add(o.Name);
        foreach (var i in graph.Input) GraphInputs.Add(i.Name);
    }

    public GraphProto Graph { get; }

    public Dictionary<string, TensorProto> Initializers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NodeProto> Producer { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<NodeProto>> Consumers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GraphOutputs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GraphInputs { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeProto> ConsumersOf(string tensor) => Consumers.TryGetValue(tensor, out var list) ? list : [];

    public bool IsInitializer(string tensor) => Initializers.ContainsKey(tensor);
}
