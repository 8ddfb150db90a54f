using EdgeRuntime.ModelPrep.Onnx.Proto;

namespace EdgeRuntime.ModelPrep.Graph;

/// <summary>Walks a graph and the subgraphs of its control-flow nodes (If branches, Loop and Scan bodies).</summary>
internal static class Subgraphs
{
    /// <summary>Every node, depth first, with its scope ("" at the top, "IfNode/then_branch/" inside a branch).</summary>
    public static IEnumerable<(string Scope, NodeProto Node)> Nodes(GraphProto graph, string scope = "")
    {
        foreach (var n in graph.Node)
        {
            yield return (scope, n);
            foreach (var a in n.Attribute)
            {
                var inner = $"{scope}{n.Name}/{a.Name}/";
                if (a.G is not null)
                {
                    foreach (var x in Nodes(a.G, inner)) yield return x;
                }
                foreach (var g in a.Graphs)
                {
                    foreach (var x in Nodes(g, inner)) yield return x;
                }
            }
        }
    }
}
