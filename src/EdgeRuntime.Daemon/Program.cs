using EdgeRuntime.Daemon.Cli;
using EdgeRuntime.Interop.Libc;

// Two malloc arenas before any thread allocates: ONNX Runtime's freed activation buffers otherwise stay resident in one
// arena per thread (peak RSS up to 80 MB higher). MALLOC_ARENA_MAX, when set, is the operator's choice and wins.
if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
{
    LibcHeap.LimitArenas(2);
}

return await EdgeCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
