using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Inference.Tests.Models;

public sealed class ManifestContractTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_manifest_entry_with_inputs_and_outputs_is_read_and_a_matching_model_loads_against_it()
    {
        using var dir = Repo.TempDir();
        File.Copy(TestModels.OcrRecognizer, dir.File("rec.onnx"));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir.File("rec.onnx"))));
        File.WriteAllText(dir.File(ModelManifest.FileName), $$"""
            {
              "schemaVersion": 1,
              "models": [{
                "name": "ppocr-rec", "file": "rec.onnx", "sha256": "{{sha}}", "task": "text-recognition",
                "inputs": [ { "name": "x", "elementType": "float32", "shape": [-1, 3, 48, -1], "dimensionNames": ["N", "", "", "W"] } ],
                "outputs": [ { "name": "softmax_11.tmp_0", "elementType": "float32", "shape": [-1, -1, 6625] } ],
                "recipe": "float original"
              }]
            }
            """);
        var manifest = ModelManifest.Load(dir.File(ModelManifest.FileName));
        var entry = manifest.Get("ppocr-rec");
        Assert.Equal([-1L, 3, 48, -1], entry.Inputs![0].Shape);
        Assert.Equal("W", entry.Inputs[0].DimensionNames![3]);
        Assert.Equal("float original", entry.Recipe);
        Assert.True(manifest.Verify(entry).Ok);

        using var model = fixture.Runtime.Load(manifest.PathOf(entry), new ModelLoadOptions { Name = entry.Name, Manifest = entry });
        Assert.Empty(ContractCheck.Compare(model.Contract, entry));

        entry.Outputs![0].Shape[2] = 6624;
        var e = Assert.Throws<OrtModelException>(() => fixture.Runtime.Load(manifest.PathOf(entry), new ModelLoadOptions { Name = entry.Name, Manifest = entry }));
        Assert.Contains("shape [-1,-1,6624]", e.Expected, StringComparison.Ordinal);
        Assert.Contains("[-1,-1,6625]", e.Given, StringComparison.Ordinal);
    }
}
