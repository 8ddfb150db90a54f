using EdgeRuntime.Output;
using EdgeRuntime.Output.Console;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// Room on disk for the file events are kept in: the MQTT outbox (<c>Mqtt:Outbox:Path</c>) when a broker is
/// configured, else the JSONL copy (<c>Output:Jsonl:Path</c>). The documented minimum is the room that file may still
/// take: its configured maximum (<c>MaxBytes</c>, 64 MB by default) less what it holds now, so a broker outage can fill
/// the outbox to its cap without the disk running out first. The nearest existing folder must also take a new file.
/// </summary>
internal sealed class DiskCheck(string key, string file, long maxBytes) : IDoctorCheck
{
    /// <summary>The check for the configured output (with an empty key when nothing is written to disk).</summary>
    public static DiskCheck For(MqttOptions mqtt, JsonlOptions jsonl) =>
        mqtt.Enabled ? new DiskCheck("Mqtt:Outbox:Path", mqtt.Outbox.Path, mqtt.Outbox.MaxBytes)
        : jsonl.Enabled ? new DiskCheck(JsonlOptions.PathKey, jsonl.Path, jsonl.MaxBytes)
        : new DiskCheck("", "", 0);

    /// <inheritdoc />
    public string Name => "disk";

    /// <inheritdoc />
    public CheckResult Run()
    {
        if (key.Length == 0)
        {
            return CheckResult.Pass(Name, "nothing is kept on disk (no broker, so no outbox, and Output:Jsonl:Path is empty)");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";
        while (!Directory.Exists(dir))
        {
            dir = Path.GetDirectoryName(dir) ?? "/";
        }
        long free;
        try
        {
            free = new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return CheckResult.Fail(Name, $"{key} {file}: cannot read the free space of {dir}: {e.Message}", "check that the folder is on a mounted file system");
        }
        var held = File.Exists(file) ? new FileInfo(file).Length : 0;
        var needed = Math.Max(0, maxBytes - held);
        if (free < needed)
        {
            return CheckResult.Fail(Name, $"{key} {file}: {Mb(free)} free on its file system, {Mb(needed)} needed (MaxBytes {Mb(maxBytes)}, it holds {Mb(held)})",
                "free some space on that file system, move the file to a larger one, or lower MaxBytes");
        }
        if (Writable(dir) is { } error)
        {
            return CheckResult.Fail(Name, $"{key} {file}: {dir} does not take a new file: {error}",
                $"give the user the daemon runs as write access to {dir} (the service writes in /var/lib/edge), or move the file");
        }
        return CheckResult.Pass(Name, $"{key} {file}: {Mb(free)} free on its file system, {Mb(needed)} needed (MaxBytes {Mb(maxBytes)}, it holds {Mb(held)})");
    }

    // A probe file created and deleted at once: the only sure test of write access (ACLs, read-only mounts).
    private static string? Writable(string dir)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(dir, $".edge-doctor-{Environment.ProcessId}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F0} MB";
}
