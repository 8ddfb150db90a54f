namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The cascade gave up: tier 2 failed <see cref="CascadeOptions.Tier2FailureLimit"/> passes in a row. Thrown on the
/// fast path's thread at its next frame or hop, so the run ends and the daemon exits non-zero (systemd restarts it).
/// </summary>
public sealed class CascadeFailedException(string message, Exception? innerException) : Exception(message, innerException)
{
    public CascadeFailedException()
        : this("the cascade failed", null)
    {
    }

    public CascadeFailedException(string message)
        : this(message, null)
    {
    }
}
