using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Output.Outbox;

/// <summary>When the outbox journal is forced to stable storage (<c>Mqtt:Outbox:Fsync</c>).</summary>
public enum FsyncPolicy
{
    /// <summary>fsync after every record, before it is handed to the broker: survives power loss, slowest.</summary>
    Every,

    /// <summary>
    /// Write every record before handing it to the broker (a crash of the daemon loses nothing: the kernel has it), and
    /// fsync at most every <c>Outbox:FsyncInterval</c>: a power cut can lose that interval's records.
    /// </summary>
    Batched,

    /// <summary>Write but never fsync: survives a daemon crash, not a power cut.</summary>
    None,
}

/// <summary>How the outbox journals (from <c>Mqtt:Outbox:*</c>).</summary>
/// <param name="Path">The journal file.</param>
/// <param name="MaxBytes">Bound on the bytes of records not yet acknowledged.</param>
/// <param name="Fsync">The fsync policy.</param>
/// <param name="FsyncInterval">For <see cref="FsyncPolicy.Batched"/>: longest time a written record waits for fsync.</param>
public sealed record OutboxOptions(string Path, long MaxBytes, FsyncPolicy Fsync, TimeSpan FsyncInterval);

/// <summary>Reads the <c>Fsync</c> and <c>FsyncInterval</c> keys, spelt alike wherever a file is fsynced (<c>Mqtt:Outbox</c>, <c>Output:Jsonl</c>).</summary>
public static class FsyncSettings
{
    /// <summary>
    /// <c>Fsync</c>: <c>every</c>, <c>batched</c> (default) or <c>none</c>; <c>FsyncInterval</c>: from 1 ms to 10 s,
    /// <paramref name="defaultInterval"/> when not set. Errors are recorded on the section's reader.
    /// </summary>
    public static (FsyncPolicy Policy, TimeSpan Interval) Read(ConfigSection section, TimeSpan defaultInterval)
    {
        var policy = section.GetChoice("Fsync", "batched", "every", "batched", "none") switch
        {
            "every" => FsyncPolicy.Every,
            "none" => FsyncPolicy.None,
            _ => FsyncPolicy.Batched,
        };
        return (policy, section.GetDuration("FsyncInterval", defaultInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)));
    }
}
