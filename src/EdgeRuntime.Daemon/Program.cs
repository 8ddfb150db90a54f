using EdgeRuntime.Daemon.Cli;

return await EdgeCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
