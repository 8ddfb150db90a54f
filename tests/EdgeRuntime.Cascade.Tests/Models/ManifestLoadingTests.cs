using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Inference.Manifest;

namespace EdgeRuntime.Cascade.Tests.Models;

/// <summary>The cascade loads only what models-quantized/manifest.json lists, and only files whose sha256 matches.</summary>
public sealed class ManifestLoadingTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    [Fact]
    public void The_default_configuration_loads_every_model_through_the_manifest()
    {
        var m = fixture.Loaded.Models;
        Assert.NotNull(m.Vad);
        Assert.NotNull(m.Faces);
        Assert.NotNull(m.Objects);
        Assert.NotNull(m.Text);
    }

    [Fact]
    public void A_model_file_whose_hash_differs_from_the_manifest_is_refused_naming_key_file_and_hashes()
    {
        using var dir = Repo.TempDir("edge-manifest");
        var manifest = CopyManifest(dir.Path);
        var entry = manifest.Get("blazeface");
        var file = manifest.PathOf(entry);
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0x5a; // one flipped byte in the last initializer
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<InvalidDataException>(() =>
            LoadedModels.Load(fixture.Runtime, new ModelPaths { Manifest = Path.Combine(dir.Path, ModelManifest.FileName), Objects = "", Vad = "", OcrDetector = "" }, dir.Path));
        Assert.Contains("Cascade:Models:Faces", e.Message);
        Assert.Contains(file, e.Message);
        Assert.Contains(entry.Sha256, e.Message);
    }

    [Fact]
    public void A_model_name_the_manifest_does_not_list_is_refused_naming_the_known_ones()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            LoadedModels.Load(fixture.Runtime, new ModelPaths { Objects = "yolov8n" }, Repo.Root));
        Assert.Contains("Cascade:Models:Objects", e.Message);
        Assert.Contains("'yolov8n'", e.Message);
        Assert.Contains("centernet", e.Message);
    }

    [Fact]
    public void A_tampered_ocr_dictionary_is_refused()
    {
        using var dir = Repo.TempDir("edge-manifest");
        var manifest = CopyManifest(dir.Path);
        var rec = manifest.Get("ppocr-rec");
        File.AppendAllText(Path.Combine(dir.Path, rec.LabelsFile!), "X\n");

        var e = Assert.Throws<InvalidDataException>(() =>
            LoadedModels.Load(fixture.Runtime, new ModelPaths { Manifest = Path.Combine(dir.Path, ModelManifest.FileName), Objects = "", Faces = "", Vad = "" }, dir.Path));
        Assert.Contains(rec.LabelsFile!, e.Message);
        Assert.Contains("sha256 mismatch", e.Message);
    }

    /// <summary>models-quantized/ copied into <paramref name="dir"/> (manifest, models, side files).</summary>
    private static ModelManifest CopyManifest(string dir)
    {
        foreach (var f in Directory.EnumerateFiles(Repo.Path("models-quantized")))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }
        return ModelManifest.Load(Path.Combine(dir, ModelManifest.FileName));
    }
}
