using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeRuntime.ModelPrep.Pipeline;

namespace EdgeRuntime.ModelPrep.Reference;

/// <summary>
/// Runs the TF.js reference (tools/ModelPrep/reference/tfjs-run.mjs, pure JS CPU backend) with Node on the original
/// graph models. Tensors travel as raw little-endian float32 files.
/// </summary>
internal sealed class NodeRunner(string referenceDir)
{
    public bool Available => Directory.Exists(Path.Combine(referenceDir, "node_modules", "@tensorflow", "tfjs"));

    public IReadOnlyList<NamedTensor> RunTfjs(string modelJson, float[] input, string scratch, IEnumerable<string> outputs)
    {
        Directory.CreateDirectory(scratch);
        var inputFile = Path.Combine(scratch, "input.f32");
        File.WriteAllBytes(inputFile, MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
        var outDir = Path.Combine(scratch, "tfjs");
        Processes.Run("node", [Path.Combine(referenceDir, "tfjs-run.mjs"), modelJson, inputFile, outDir, .. outputs], referenceDir);
        return ReadOutputs(outDir);
    }

    private static List<NamedTensor> ReadOutputs(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "outputs.json")));
        var result = new List<NamedTensor>();
        foreach (var o in doc.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, o.GetProperty("file").GetString()!));
            result.Add(new NamedTensor(o.GetProperty("name").GetString()!, [.. o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())],
                MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }
        return result;
    }
}
