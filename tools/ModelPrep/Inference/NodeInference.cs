using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Inference;

/// <summary>
/// ONNX Runtime 1.22.0 (Microsoft's CPU build from onnxruntime-node) in a long-lived Node process running
/// tools/ModelPrep/reference/ort-serve.mjs; tensors travel through files in a scratch folder (tmpfs when available).
/// </summary>
internal sealed class NodeInference : IInference
{
    private readonly Process _process;
    private readonly string _scratch;
    private int _request;

    public NodeInference(string referenceDir, string scratch)
    {
        _scratch = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "modelprep-" + Environment.ProcessId) : scratch;
        Directory.CreateDirectory(_scratch);
        var psi = new ProcessStartInfo("node", [Path.Combine(referenceDir, "ort-serve.mjs")])
        {
            WorkingDirectory = referenceDir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node for ort-serve.mjs");
    }

    public string Description => "ONNX Runtime 1.22.0 CPU (onnxruntime-node)";

    public InferenceResult Run(string model, int threads, IReadOnlyList<NamedTensor> inputs, IReadOnlyList<string>? outputs = null, int repeat = 1, bool optimize = true)
    {
        var dir = Path.Combine(_scratch, (_request++ % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var inputSpecs = new JsonArray();
        foreach (var t in inputs)
        {
            var file = Path.Combine(dir, $"in{inputSpecs.Count}.bin");
            File.WriteAllBytes(file, t.Int64Data is { } longs ? MemoryMarshal.AsBytes(longs.AsSpan()).ToArray() : MemoryMarshal.AsBytes(t.Data.AsSpan()).ToArray());
            inputSpecs.Add(new JsonObject { ["name"] = t.Name, ["file"] = file, ["dims"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)d)]), ["type"] = t.Type });
        }
        var request = new JsonObject
        {
            ["model"] = Path.GetFullPath(model), ["threads"] = threads, ["optimize"] = optimize, ["inputs"] = inputSpecs, ["repeat"] = repeat, ["outDir"] = Path.Combine(dir, "out"),
            ["outputs"] = outputs is null ? null : new JsonArray([.. outputs.Select(o => (JsonNode)o)]),
        };
        _process.StandardInput.WriteLine(request.ToJsonString());
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("ort-serve.mjs exited");
        using var answer = JsonDocument.Parse(line);
        if (answer.RootElement.TryGetProperty("error", out var error)) throw new InvalidOperationException($"ONNX Runtime ({Path.GetFileName(model)}): {error.GetString()}");
        var result = new List<NamedTensor>();
        foreach (var o in answer.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var data = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(o.GetProperty("file").GetString()!)).ToArray();
            result.Add(new NamedTensor(o.GetProperty("name").GetString()!, [.. o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())], data)
            {
                Type = o.GetProperty("type").GetString()!,
            });
        }
        return new InferenceResult(result, [.. answer.RootElement.GetProperty("millis").EnumerateArray().Select(m => m.GetDouble())]);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill();
        }
        finally
        {
            _process.Dispose();
            if (_scratch.StartsWith("/dev/shm/", StringComparison.Ordinal) && Directory.Exists(_scratch)) Directory.Delete(_scratch, recursive: true);
        }
    }
}
