using EdgeRuntime.Inference.Manifest;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary><c>ModelManifest.Verify</c> (behind <c>edge models verify</c> and every model the daemon loads) on real files.</summary>
public sealed class ManifestVerifyTests
{
    private static ModelManifest Manifest(TempDir dir, string labels)
    {
        File.WriteAllText(dir.File("m.onnx"), "model bytes");
        File.WriteAllText(dir.File("keys.txt"), labels);
        new ModelManifest
        {
            Models =
            [
                new ModelEntry
                {
                    Name = "m", File = "m.onnx", Sha256 = Hex("model bytes"), LabelsFile = "keys.txt", LabelsSha256 = Hex("a\nb\n"),
                },
            ],
        }.Save(dir.File(ModelManifest.FileName));
        return ModelManifest.Load(dir.File(ModelManifest.FileName));
    }

    private static string Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void A_model_and_its_side_file_matching_the_manifest_verify()
    {
        using var dir = Repo.TempDir("edge-verify");
        var manifest = Manifest(dir, "a\nb\n");
        Assert.True(manifest.Verify(manifest.Get("m")).Ok);
    }

    [Fact]
    public void A_side_file_that_changed_fails_verify_naming_it_and_both_hashes()
    {
        using var dir = Repo.TempDir("edge-verify");
        var manifest = Manifest(dir, "a\nb\nc\n");
        var check = manifest.Verify(manifest.Get("m"));
        Assert.False(check.Ok);
        Assert.Contains(dir.File("keys.txt"), check.Detail);
        Assert.Contains(Hex("a\nb\n"), check.Detail);
        Assert.Contains(Hex("a\nb\nc\n"), check.Detail);
    }

    [Fact]
    public void A_missing_side_file_fails_verify()
    {
        using var dir = Repo.TempDir("edge-verify");
        var manifest = Manifest(dir, "a\nb\n");
        File.Delete(dir.File("keys.txt"));
        Assert.Equal($"file missing: {dir.File("keys.txt")}", manifest.Verify(manifest.Get("m")).Detail);
    }
}
