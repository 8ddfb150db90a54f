using System.Runtime.InteropServices;
using EdgeRuntime.Core.Hosting;

namespace EdgeRuntime.Interop;

/// <summary>
/// Finds and loads the native libraries EdgeRuntime binds to. Search order: an explicit path (configuration or
/// an environment variable such as <c>ORT_LIBRARY_PATH</c>), the application folder, the home folder's
/// <c>.deps/native/&lt;rid&gt;/</c> (where tools/bootstrap.sh puts what it fetches), then the system loader
/// (Debian's libraries in the default search path).
/// </summary>
public static class NativeLibraryLocator
{
    /// <summary>The candidate locations for <paramref name="fileName"/>, in search order.</summary>
    public static IEnumerable<string> Candidates(string fileName, string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            yield return explicitPath;
            yield break;
        }
        yield return Path.Combine(AppContext.BaseDirectory, fileName);
        yield return EdgeHome.Combine(".deps", "native", EdgeHome.NativeRid, fileName);
        yield return fileName;
    }

    /// <summary>
    /// Loads <paramref name="fileName"/>; throws <see cref="DllNotFoundException"/> naming every place tried
    /// and the loader's own reason for the last one.
    /// </summary>
    public static nint Load(string fileName, string? explicitPath, out string loadedFrom)
    {
        var tried = new List<string>();
        string? lastError = null;
        foreach (var candidate in Candidates(fileName, explicitPath))
        {
            var isPath = candidate.Contains('/');
            if (isPath && !File.Exists(candidate))
            {
                tried.Add(candidate + " (no such file)");
                continue;
            }
            try
            {
                var handle = NativeLibrary.Load(candidate);
                loadedFrom = candidate;
                return handle;
            }
            catch (DllNotFoundException e)
            {
                lastError = e.Message;
                tried.Add(candidate);
            }
            catch (BadImageFormatException e)
            {
                lastError = e.Message;
                tried.Add(candidate + " (not a loadable library for this architecture)");
            }
        }
        throw new DllNotFoundException(
            $"cannot load native library '{fileName}'; tried: {string.Join("; ", tried)}" +
            (lastError is null ? "" : $". Last error: {lastError}") +
            ". Run tools/bootstrap.sh to fetch or install it.");
    }
}
