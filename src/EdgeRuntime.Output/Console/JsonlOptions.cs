using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Output.Outbox;

namespace EdgeRuntime.Output.Console;

/// <summary>
/// The <c>Output:Jsonl</c> section: the file the console sink appends each of its JSON lines to when no broker is
/// configured. An empty <see cref="Path"/> turns the file off.
/// </summary>
/// <example>
/// <code>
/// "Output": { "Jsonl": { "Path": "var/events.jsonl", "MaxBytes": 67108864, "Fsync": "batched", "FsyncInterval": "50ms" } }
/// </code>
/// </example>
/// <param name="Path">The file (absolute once read), or empty for none.</param>
/// <param name="MaxBytes">A line that would take the file past this first moves it to <c>Path.1</c>, replacing an older one.</param>
/// <param name="Fsync">When the file is forced to stable storage (every line is written at once whatever the policy).</param>
/// <param name="FsyncInterval">For <see cref="FsyncPolicy.Batched"/>: the longest a written line waits for fsync.</param>
public sealed record JsonlOptions(string Path, long MaxBytes, FsyncPolicy Fsync, TimeSpan FsyncInterval)
{
    /// <summary>The configuration key of <see cref="Path"/>, for errors about the file.</summary>
    public const string PathKey = "Output:Jsonl:Path";

    /// <summary>The defaults: <c>var/events.jsonl</c> under the EdgeRuntime home, 64 MiB, batched fsync every 50 ms.</summary>
    public static JsonlOptions Default { get; } = new("var/events.jsonl", 64L * 1024 * 1024, FsyncPolicy.Batched, TimeSpan.FromMilliseconds(50));

    /// <summary>Whether a file is written.</summary>
    public bool Enabled => Path.Length > 0;

    /// <summary>Reads and checks the <c>Output</c> section's <c>Jsonl</c> part; a relative path resolves against <paramref name="home"/>.</summary>
    public static JsonlOptions Read(ConfigSection output, string home)
    {
        var section = output.Section("Jsonl");
        var path = section.GetString("Path", Default.Path).Trim();
        var maxBytes = section.GetLong("MaxBytes", Default.MaxBytes, 64 * 1024, 64L * 1024 * 1024 * 1024);
        var (fsync, interval) = FsyncSettings.Read(section, Default.FsyncInterval);
        return new JsonlOptions(path.Length > 0 ? System.IO.Path.GetFullPath(path, home) : "", maxBytes, fsync, interval);
    }
}
