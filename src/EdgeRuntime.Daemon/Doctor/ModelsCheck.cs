using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Inference.Manifest;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The models: every file of the configured manifest matches its sha256 (what <c>edge models verify</c> checks), and
/// every model the cascade is configured to load (<c>Cascade:Models:*</c>) is listed in it.
/// </summary>
internal sealed class ModelsCheck(ModelPaths paths, string home) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "models";

    /// <inheritdoc />
    public CheckResult Run()
    {
        var manifestPath = Path.IsPathRooted(paths.Manifest) ? paths.Manifest : Path.Combine(home, paths.Manifest);
        const string Fix = "reinstall the package (sudo apt install --reinstall edge), or in a checkout run tools/bootstrap.sh";
        ModelManifest manifest;
        try
        {
            manifest = ModelManifest.Load(manifestPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(Name, $"Cascade:Models:Manifest {manifestPath}: {e.Message}", Fix);
        }
        string[] configured = [paths.Objects, paths.Faces, paths.Vad, paths.OcrDetector, paths.OcrRecognizer];
        var unknown = configured.Where(n => !manifest.Models.Any(m => string.Equals(m.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            return CheckResult.Fail(Name, $"{string.Join(", ", unknown)} (Cascade:Models) not in {manifestPath}; it lists {string.Join(", ", manifest.Models.Select(m => m.Name))}",
                "set the Cascade:Models keys to models the manifest lists (edge models)");
        }
        var failed = manifest.Models.Select(manifest.Verify).Where(c => !c.Ok).ToList();
        if (failed.Count > 0)
        {
            return CheckResult.Fail(Name, $"{failed.Count} of {manifest.Models.Count} model(s) failed verification: "
                + string.Join("; ", failed.Select(c => $"{c.Entry.Name}: {c.Detail}")), Fix);
        }
        return CheckResult.Pass(Name, $"{manifest.Models.Count} model(s) verified against {manifestPath} (sha256)");
    }
}
