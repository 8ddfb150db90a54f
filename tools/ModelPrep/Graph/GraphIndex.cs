using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Graph;

/// <summary>Producer, consumers and initializers of an ONNX graph, by tensor name (a read-only snapshot).</summary>
internal sealed class GraphIndex
{
    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        foreach (var init in graph.Initializer) Initializers[init.Name] = init;
        var position = 0;
        foreach (var node in graph.Node)
        {
            _positions.TryAdd(node.Name, position++);
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

    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public GraphProto Graph { get; }

    /// <summary>The index in graph order of the node named <paramref name="nodeName"/>; fails naming it when there is none.</summary>
    public int Position(string nodeName) =>
        _positions.TryGetValue(nodeName, out var p) ? p : throw new KeyNotFoundException($"no node named '{nodeName}' in graph '{Graph.Name}'");

    public int Position(NodeProto node) => Position(node.Name);

    public Dictionary<string, TensorProto> Initializers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NodeProto> Producer { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<NodeProto>> Consumers { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GraphOutputs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> GraphInputs { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeProto> ConsumersOf(string tensor) => Consumers.TryGetValue(tensor, out var list) ? list : [];

    public bool IsInitializer(string tensor) => Initializers.ContainsKey(tensor);
}
