using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors.Processes;

/// <summary>
/// A helper process a sensor reads raw data from (ffmpeg, gst-launch-1.0): stdout is the data, stderr is logged line
/// by line (and the last lines are kept for the exit message), and disposing kills the whole process tree.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 8;
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Queue<string> _recentErrors = new();

    private ChildProcess(Process process, ILogger logger, string name)
    {
        _process = process;
        _logger = logger;
        _name = name;
    }

    /// <summary>Runs a configured command line through <c>/bin/sh</c> (so gst-launch pipelines and quoting work); <c>exec</c> makes the command itself the child.</summary>
    public static ChildProcess StartShell(string command, ILogger logger, string name)
    {
        var info = new ProcessStartInfo("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec " + command);
        return Start(info, logger, name);
    }

    /// <summary>Runs <paramref name="file"/> with arguments passed verbatim (no shell: paths with spaces are safe).</summary>
    public static ChildProcess StartArgs(string file, IEnumerable<string> args, ILogger logger, string name)
    {
        var info = new ProcessStartInfo(file);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        return Start(info, logger, name);
    }

    private static ChildProcess Start(ProcessStartInfo info, ILogger logger, string name)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true; // so ffmpeg never reads our terminal
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, logger, name);
        process.ErrorDataReceived += (_, e) => child.OnErrorLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        LogStarted(logger, name, process.Id, info.FileName + " " + string.Join(' ', info.ArgumentList));
        return child;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>The raw data the process writes.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>True once it exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process wrote to stderr.</summary>
    public string RecentErrors
    {
        get
        {
            lock (_recentErrors)
            {
                return string.Join(" | ", _recentErrors);
            }
        }
    }

    /// <summary>Kills the process and its children (idempotent).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in the meantime.
        }
    }

    /// <summary>Waits for the exit (after stdout ended, this is immediate or close to it).</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    private void OnErrorLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        lock (_recentErrors)
        {
            if (_recentErrors.Count == KeptErrorLines)
            {
                _recentErrors.Dequeue();
            }
            _recentErrors.Enqueue(line);
        }
        LogStderr(_logger, _name, line);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogNotExited(_logger, _name, _process.Id);
        }
        _process.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: started pid {Pid}: {Command}")]
    private static partial void LogStarted(ILogger logger, string name, int pid, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string name, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: pid {Pid} did not exit within 2 s of being killed")]
    private static partial void LogNotExited(ILogger logger, string name, int pid);
}
