using System.Diagnostics;
using System.Text;

namespace EdgeRuntime.Testing;

/// <summary>The outcome of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>Runs real child processes with a deadline and captured output.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="file"/> to completion; kills it and throws when <paramref name="timeout"/> passes.</summary>
    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? stdin = null)
    {
        using var process = Start(file, args, workingDirectory, environment, out var stdout, out var stderr);
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        var clock = Stopwatch.StartNew();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }

    /// <summary>Starts a process with redirected streams collected into the given builders.</summary>
    public static Process Start(string file, IEnumerable<string> args, string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment, out StringBuilder stdout, out StringBuilder stderr)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                info.Environment[k] = v;
            }
        }
        var outBuilder = new StringBuilder();
        var errBuilder = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (outBuilder) outBuilder.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errBuilder) errBuilder.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        stdout = outBuilder;
        stderr = errBuilder;
        return process;
    }
}
