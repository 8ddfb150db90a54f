namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>
/// Tests that time a daemon's stop (the 2 s line) run one at a time, after the others of this assembly: the line is
/// the daemon's on a machine oversubscribed four times (tools/stress shutdown), not the daemon's while this assembly
/// starts several model-loading daemons beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ShutdownTiming
{
    public const string Name = "shutdown timing";
}
