namespace EdgeRuntime.Daemon.Cli;

/// <summary>Process exit codes of <c>edge</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success, including a clean stop on SIGINT/SIGTERM.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and found a problem (a model failed verification, the pipeline failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or configuration: nothing was started.</summary>
    public const int BadConfiguration = 2;

    /// <summary>A native library could not be loaded.</summary>
    public const int NativeLibraryMissing = 3;
}
