using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Tfjs;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>
/// Converts every operator case once, and runs all of them through TF.js in a single Node process (the reference is
/// the real @tensorflow/tfjs CPU backend; starting it per case would cost a second each).
/// </summary>
public sealed class ConverterFixture : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir("modelprep-ops");

    public ConverterFixture()
    {
        Node = new NodeRunner(Repo.Path("tools", "ModelPrep", "reference"));
        var jobs = new JsonArray();
        foreach (var c in OperatorCases.All)
        {
            var dir = Path.Combine(_dir.Path, Slug(c.Name));
            var json = c.Graph.Write(dir);
            var input = c.Graph.RandomFloats(c.Graph.InputShape.Aggregate(1, (a, b) => a * b), 2f);
            Inputs[c.Name] = input;
            File.WriteAllBytes(Path.Combine(dir, "input.f32"), MemoryMarshal.AsBytes(input.AsSpan()).ToArray());
            var model = TfjsConverter.Convert(TfjsReader.Read(json), new ConvertOptions("input", [.. c.Outputs.Select((o, i) => (o, $"out{i}"))], "test"));
            OnnxFile.Save(model, Path.Combine(dir, "model.onnx"));
            jobs.Add(new JsonObject
            {
                ["model"] = json, ["input"] = Path.Combine(dir, "input.f32"), ["outDir"] = Path.Combine(dir, "tfjs"),
                ["outputs"] = new JsonArray([.. c.Outputs.Select(o => (JsonNode)o)]),
            });
        }
        var jobsFile = Path.Combine(_dir.Path, "jobs.json");
        File.WriteAllText(jobsFile, jobs.ToJsonString());
        Processes.Run("node", [Repo.Path("tools", "ModelPrep", "reference", "tfjs-run.mjs"), "--jobs", jobsFile], Repo.Path("tools", "ModelPrep", "reference"));
    }

    internal NodeRunner Node { get; }

    /// <summary>ONNX Runtime through the daemon's binding.</summary>
    internal Inference.OrtInference Onnx { get; } = new();

    internal Dictionary<string, float[]> Inputs { get; } = [];

    internal string DirOf(string caseName) => Path.Combine(_dir.Path, Slug(caseName));

    internal static string Slug(string name) => new([.. name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-')]);

    public void Dispose()
    {
        Onnx.Dispose();
        _dir.Dispose();
    }
}
