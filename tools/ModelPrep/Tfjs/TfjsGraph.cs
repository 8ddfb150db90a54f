using System.Text;
using System.Text.Json;

namespace EdgeRuntime.ModelPrep.Tfjs;

/// <summary>A TensorFlow.js graph model (model.json + weight shards) read into memory: nodes, and constants by name.</summary>
internal sealed class TfjsGraph
{
    public required IReadOnlyList<TfjsNode> Nodes { get; init; }

    public required IReadOnlyDictionary<string, TfjsNode> NodesByName { get; init; }

    public required IReadOnlyDictionary<string, TfjsConstant> Constants { get; init; }

    /// <summary>Output tensor names from the model signature, in signature order (may be empty).</summary>
    public required IReadOnlyList<string> SignatureOutputs { get; init; }
}

/// <summary>One graph node; attribute values stay JSON, read through the typed helpers.</summary>
internal sealed class TfjsNode
{
    public required string Name { get; init; }

    public required string Op { get; init; }

    /// <summary>Data inputs ("node" or "node:k"); control inputs ("^node") are dropped.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public required IReadOnlyDictionary<string, JsonElement> Attributes { get; init; }

    public bool Has(string name) => Attributes.ContainsKey(name);

    public long[] Ints(string name) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("list", out var list) && list.TryGetProperty("i", out var items)
            ? [.. items.EnumerateArray().Select(ParseLong)]
            : [];

    public long Int(string name, long fallback) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("i", out var v) ? ParseLong(v) : fallback;

    public bool Bool(string name, bool fallback) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("b", out var v) ? v.GetBoolean() : fallback;

    public string Str(string name, string fallback) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("s", out var v) ? Encoding.UTF8.GetString(Convert.FromBase64String(v.GetString()!)) : fallback;

    public string[] Strs(string name) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("list", out var list) && list.TryGetProperty("s", out var items)
            ? [.. items.EnumerateArray().Select(s => Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!)))]
            : [];

    public string Type(string name, string fallback) =>
        Attributes.TryGetValue(name, out var a) && a.TryGetProperty("type", out var v) ? v.GetString()! : fallback;

    private static long ParseLong(JsonElement e) => e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetInt64();

    public override string ToString() => $"{Op} '{Name}'";
}

/// <summary>A constant tensor from the weight shards, dequantized to float32 (or kept as int32 / bool).</summary>
internal sealed class TfjsConstant
{
    public required string Name { get; init; }

    public required int[] Shape { get; init; }

    /// <summary>float32, int32 or bool (bool stored as 0/1 in <see cref="Ints"/>).</summary>
    public required string DType { get; init; }

    public float[]? Floats { get; init; }

    public int[]? Ints { get; init; }
}
