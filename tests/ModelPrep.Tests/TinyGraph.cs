using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>Writes small TF.js graph models (model.json + one weight shard) for per-operator converter tests.</summary>
internal sealed class TinyGraph
{
    private readonly JsonArray _nodes = [];
    private readonly JsonArray _weights = [];
    private readonly List<byte> _bin = [];
    private readonly Random _random;

    public TinyGraph(int[] inputShape, int seed = 1)
    {
        InputShape = inputShape;
        _random = new Random(seed);
        var dims = new JsonArray([.. inputShape.Select(d => (JsonNode)new JsonObject { ["size"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);
        _nodes.Add(new JsonObject
        {
            ["name"] = "x", ["op"] = "Placeholder",
            ["attr"] = new JsonObject { ["dtype"] = new JsonObject { ["type"] = "DT_FLOAT" }, ["shape"] = new JsonObject { ["shape"] = new JsonObject { ["dim"] = dims } } },
        });
    }

    public int[] InputShape { get; }

    public float[] RandomFloats(int count, float scale = 1f) => [.. Enumerable.Range(0, count).Select(_ => (float)(_random.NextDouble() * 2 - 1) * scale)];

    public string Floats(string name, int[] shape, float[]? values = null)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        values ??= RandomFloats(count);
        _bin.AddRange(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return AddConst(name, shape, "float32");
    }

    public string Ints(string name, int[] shape, params int[] values)
    {
        _bin.AddRange(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return AddConst(name, shape, "int32");
    }

    /// <summary>A float32 weight stored as float16 in the shard (TF.js "quantization": {"dtype": "float16"}), as the real models ship.</summary>
    public string Float16(string name, int[] shape, float scale = 1f)
    {
        var halves = RandomFloats(shape.Aggregate(1, (a, b) => a * b), scale).Select(v => (Half)v).ToArray();
        _bin.AddRange(MemoryMarshal.AsBytes(halves.AsSpan()).ToArray());
        return AddConst(name, shape, "float32", new JsonObject { ["dtype"] = "float16" });
    }

    /// <summary>
    /// A float32 weight stored affine-quantized as uint8 or uint16 codes (TF.js "quantization": {"dtype", "scale", "min"}):
    /// value = code * scale + min, over the random values' range.
    /// </summary>
    public string AffineQuantized(string name, int[] shape, bool uint16)
    {
        var values = RandomFloats(shape.Aggregate(1, (a, b) => a * b));
        var (min, max) = (values.Min(), values.Max());
        var scale = (max - min) / (uint16 ? ushort.MaxValue : byte.MaxValue);
        foreach (var v in values)
        {
            var code = (int)MathF.Round((v - min) / scale);
            if (uint16) _bin.AddRange(BitConverter.GetBytes((ushort)code));
            else _bin.Add((byte)code);
        }
        return AddConst(name, shape, "float32", new JsonObject { ["dtype"] = uint16 ? "uint16" : "uint8", ["scale"] = scale, ["min"] = min });
    }

    private string AddConst(string name, int[] shape, string dtype, JsonObject? quantization = null)
    {
        var weight = new JsonObject { ["name"] = name, ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]), ["dtype"] = dtype };
        if (quantization is not null) weight["quantization"] = quantization;
        _weights.Add(weight);
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = "Const", ["attr"] = new JsonObject { ["dtype"] = new JsonObject { ["type"] = dtype == "int32" ? "DT_INT32" : "DT_FLOAT" } } });
        return name;
    }

    public string Op(string name, string op, string[] inputs, JsonObject? attr = null)
    {
        attr ??= [];
        attr.TryAdd("T", new JsonObject { ["type"] = "DT_FLOAT" });
        _nodes.Add(new JsonObject { ["name"] = name, ["op"] = op, ["input"] = new JsonArray([.. inputs.Select(i => (JsonNode)i)]), ["attr"] = attr });
        return name;
    }

    public static JsonObject IntList(params long[] values) => new() { ["list"] = new JsonObject { ["i"] = new JsonArray([.. values.Select(v => (JsonNode)v.ToString(System.Globalization.CultureInfo.InvariantCulture))]) } };

    public static JsonObject Str(string value) => new() { ["s"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };

    public static JsonObject StrList(params string[] values) => new() { ["list"] = new JsonObject { ["s"] = new JsonArray([.. values.Select(v => (JsonNode)Convert.ToBase64String(Encoding.UTF8.GetBytes(v)))]) } };

    public static JsonObject Bool(bool value) => new() { ["b"] = value };

    public static JsonObject Int(long value) => new() { ["i"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static JsonObject Type(string type) => new() { ["type"] = type };

    /// <summary>Writes model.json and weights.bin into <paramref name="dir"/> and returns the model.json path.</summary>
    public string Write(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "weights.bin"), [.. _bin]);
        var model = new JsonObject
        {
            ["format"] = "graph-model", ["generatedBy"] = "test", ["convertedBy"] = "test",
            ["modelTopology"] = new JsonObject { ["node"] = _nodes.DeepClone(), ["library"] = new JsonObject(), ["versions"] = new JsonObject() },
            ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray("weights.bin"), ["weights"] = _weights.DeepClone() }),
        };
        var path = Path.Combine(dir, "model.json");
        File.WriteAllText(path, model.ToJsonString());
        return path;
    }
}
