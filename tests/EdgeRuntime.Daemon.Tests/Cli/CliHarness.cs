using EdgeRuntime.Daemon.Cli;

namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary>Runs <c>edge</c> in-process with captured output, a chosen home folder and environment.</summary>
internal static class CliHarness
{
    public static async Task<(int Exit, string Out, string Err)> Run(string[] args, string? home = null, Dictionary<string, string?>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, home ?? Repo.Root, environment ?? []);
        var exit = await EdgeCli.RunAsync(args, context, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
