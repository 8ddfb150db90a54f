using System.Buffers.Binary;
using System.Text.Json;

namespace EdgeRuntime.ModelPrep.Tfjs;

/// <summary>Reads a TF.js graph model: model.json topology plus the binary weight shards it lists.</summary>
internal static class TfjsReader
{
    public static TfjsGraph Read(string modelJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var root = doc.RootElement;
        var dir = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;

        var nodes = new List<TfjsNode>();
        foreach (var n in root.GetProperty("modelTopology").GetProperty("node").EnumerateArray())
        {
            var inputs = n.TryGetProperty("input", out var ins) ? ins.EnumerateArray().Select(i => i.GetString()!).Where(i => !i.StartsWith('^')).ToArray() : [];
            var attrs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (n.TryGetProperty("attr", out var attrObj))
            {
                foreach (var p in attrObj.EnumerateObject()) attrs[p.Name] = p.Value.Clone();
            }
            nodes.Add(new TfjsNode { Name = n.GetProperty("name").GetString()!, Op = n.GetProperty("op").GetString()!, Inputs = inputs, Attributes = attrs });
        }

        var constants = new Dictionary<string, TfjsConstant>(StringComparer.Ordinal);
        foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
        {
            var bytes = group.GetProperty("paths").EnumerateArray().SelectMany(p => File.ReadAllBytes(Path.Combine(dir, p.GetString()!))).ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var c = ReadWeight(w, bytes, ref offset, modelJsonPath);
                constants[c.Name] = c;
            }
            if (offset != bytes.Length)
            {
                throw new InvalidDataException($"{modelJsonPath}: weight shards hold {bytes.Length} bytes, the manifest describes {offset}");
            }
        }

        var outputs = new List<string>();
        var signature = root.TryGetProperty("signature", out var s) ? s
            : root.TryGetProperty("userDefinedMetadata", out var u) && u.TryGetProperty("signature", out var us) ? us : default;
        if (signature.ValueKind == JsonValueKind.Object && signature.TryGetProperty("outputs", out var outs))
        {
            outputs.AddRange(outs.EnumerateObject().Select(o => o.Value.GetProperty("name").GetString()!));
        }
        return new TfjsGraph { Nodes = nodes, NodesByName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal), Constants = constants, SignatureOutputs = outputs };
    }

    private static TfjsConstant ReadWeight(JsonElement w, byte[] bytes, ref int offset, string source)
    {
        var name = w.GetProperty("name").GetString()!;
        var shape = w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        var dtype = w.GetProperty("dtype").GetString()!;
        var count = shape.Aggregate(1, (a, b) => a * b);
        if (w.TryGetProperty("quantization", out var q))
        {
            var qtype = q.GetProperty("dtype").GetString()!;
            var floats = new float[count];
            switch (qtype)
            {
                case "float16":
                    for (var i = 0; i < count; i++) floats[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2 * i)));
                    offset += 2 * count;
                    break;
                case "uint8":
                case "uint16":
                    {
                        // Affine quantization: value = q * scale + min.
                        var scale = q.GetProperty("scale").GetSingle();
                        var min = q.GetProperty("min").GetSingle();
                        var width = qtype == "uint8" ? 1 : 2;
                        for (var i = 0; i < count; i++)
                        {
                            var v = width == 1 ? bytes[offset + i] : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2 * i));
                            floats[i] = v * scale + min;
                        }
                        offset += width * count;
                        break;
                    }
                default:
                    throw new NotSupportedException($"{source}: weight '{name}' uses quantization dtype '{qtype}', which the converter does not read");
            }
            if (dtype != "float32")
            {
                throw new NotSupportedException($"{source}: weight '{name}' is quantized {dtype}; only quantized float32 weights are supported");
            }
            return new TfjsConstant { Name = name, Shape = shape, DType = dtype, Floats = floats };
        }
        switch (dtype)
        {
            case "float32":
                {
                    var floats = new float[count];
                    for (var i = 0; i < count; i++) floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i));
                    offset += 4 * count;
                    return new TfjsConstant { Name = name, Shape = shape, DType = dtype, Floats = floats };
                }
            case "int32":
                {
                    var ints = new int[count];
                    for (var i = 0; i < count; i++) ints[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4 * i));
                    offset += 4 * count;
                    return new TfjsConstant { Name = name, Shape = shape, DType = dtype, Ints = ints };
                }
            case "bool":
                {
                    var ints = new int[count];
                    for (var i = 0; i < count; i++) ints[i] = bytes[offset + i];
                    offset += count;
                    return new TfjsConstant { Name = name, Shape = shape, DType = dtype, Ints = ints };
                }
            default:
                throw new NotSupportedException($"{source}: weight '{name}' has dtype '{dtype}', which the converter does not read");
        }
    }
}
