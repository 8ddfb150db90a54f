namespace EdgeRuntime.Core.Hosting;

/// <summary>
/// Locates the EdgeRuntime home folder: the one holding <c>config/</c>, <c>hardware/profiles/</c>,
/// <c>models-quantized/</c> and <c>.deps/</c>. In a checkout that is the repository root; in an install
/// it is the folder set by <c>EDGE_HOME</c> or the executable's own folder.
/// </summary>
public static class EdgeHome
{
    /// <summary>The environment variable that overrides the search.</summary>
    public const string EnvironmentVariable = "EDGE_HOME";

    private static string? s_cached;

    /// <summary>The home folder (absolute path).</summary>
    public static string Path => s_cached ??= Find(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>Resolves the home folder from an explicit override or by walking up from <paramref name="startDirectory"/>.</summary>
    public static string Find(string? overridePath, string startDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return System.IO.Path.GetFullPath(overridePath);
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "hardware", "profiles"))
                && Directory.Exists(System.IO.Path.Combine(dir.FullName, "models-quantized")))
            {
                return dir.FullName;
            }
        }
        return System.IO.Path.GetFullPath(startDirectory);
    }

    /// <summary>A path under the home folder.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The runtime identifier used for native libraries under <c>.deps/native/</c>.</summary>
    public static string NativeRid => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "linux-arm64",
        System.Runtime.InteropServices.Architecture.X64 => "linux-x64",
        var other => "linux-" + other.ToString().ToLowerInvariant(),
    };
}
