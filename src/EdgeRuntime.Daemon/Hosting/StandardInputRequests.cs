using System.Text;
using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Interop.Mosquitto;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// <c>edge run</c>'s requests typed on standard input, one per line: <c>d</c> or an empty line (Enter) asks for a
/// description now, <c>t</c> to read text, <c>m</c> mutes or unmutes speech; the same requests as the MQTT
/// <c>describe</c>, <c>read_text</c> and <c>mute</c> commands. Standard input is read only when it is a terminal or a
/// pipe; /dev/null, a file or a closed descriptor (systemd, <c>&lt;&amp;-</c>) is left alone. End of input ends the
/// reader, not the run.
/// </summary>
/// <remarks>
/// // Design: one thread ("stdin") owns descriptor 0's reads, the line buffer and the unknown-line counter; it posts
/// requests to the inbox (thread-safe). <see cref="Dispose"/>, on the composing thread, sets <c>_stop</c> (volatile)
/// and wakes the thread's poll through the waiter's eventfd, then joins it. The thread reads only after poll said the
/// descriptor is readable (or hung up), so it never blocks where the wake-up cannot reach it, and reads a terminal
/// only while the run is its foreground job.
/// </remarks>
internal sealed partial class StandardInputRequests : IDisposable
{
    /// <summary>The <see cref="EdgeCommand.Origin"/> of these requests.</summary>
    public const string Origin = "cli";

    private const int StandardInput = 0;
    private const int MaxLine = 64;
    private const string Accepted = "Enter or d = describe now, t = read text, m = mute on/off";

    private readonly CommandInbox _inbox;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SocketWaiter _waiter = new();
    private readonly Thread _thread;
    private readonly bool _terminal;
    private volatile bool _stop;
    private long _unknown;

    private StandardInputRequests(CommandInbox inbox, bool terminal, TimeProvider time, ILogger logger)
    {
        _terminal = terminal;
        _inbox = inbox;
        _time = time;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "stdin" };
    }

    /// <summary>Starts reading when standard input is a terminal or a pipe; otherwise says why not and returns null.</summary>
    public static StandardInputRequests? Start(CommandInbox inbox, TimeProvider time, ILogger logger)
    {
        var kind = Kind();
        if (kind is not ("terminal" or "pipe"))
        {
            LogNotRead(logger, kind);
            return null;
        }
        var reader = new StandardInputRequests(inbox, kind == "terminal", time, logger);
        reader._thread.Start();
        LogReading(logger, kind, Accepted);
        return reader;
    }

    /// <summary>What descriptor 0 is: terminal, pipe, closed, or what /proc says it points at (<c>/dev/null</c>, a file).</summary>
    private static string Kind()
    {
        if (!LibcDescriptor.IsInherited(StandardInput))
        {
            return "closed";
        }
        if (LibcDescriptor.IsTerminal(StandardInput))
        {
            return "terminal";
        }
        var target = new FileInfo("/proc/self/fd/0").LinkTarget ?? "unknown";
        return target.StartsWith("pipe:", StringComparison.Ordinal) ? "pipe" : target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        _waiter.Wake();
        _thread.Join();
        _waiter.Dispose();
    }

    private void Run()
    {
        using var input = new FileStream(new SafeFileHandle(StandardInput, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        var buffer = new byte[256];
        var line = new byte[MaxLine];
        var length = 0;
        var overlong = false;
        while (!_stop)
        {
            if (_terminal && !LibcDescriptor.IsForeground(StandardInput))
            {
                // A background job (edge run &) that reads its terminal is stopped by SIGTTIN: look again later.
                _ = _waiter.Wait(-1, wantWrite: false, timeoutMs: 500);
                continue;
            }
            var (readable, _, _) = _waiter.Wait(StandardInput, wantWrite: false, timeoutMs: -1);
            if (_stop || !readable || (_terminal && !LibcDescriptor.IsForeground(StandardInput)))
            {
                continue;
            }
            int n;
            try
            {
                n = input.Read(buffer);
            }
            catch (IOException e)
            {
                LogReadFailed(_logger, e);
                return;
            }
            if (n == 0)
            {
                if (length > 0 || overlong)
                {
                    OnLine(line.AsSpan(0, length), overlong); // a last line without its newline
                }
                LogEnded(_logger);
                return;
            }
            foreach (var b in buffer.AsSpan(0, n))
            {
                if (b == (byte)'\n')
                {
                    OnLine(line.AsSpan(0, length), overlong);
                    length = 0;
                    overlong = false;
                }
                else if (length < MaxLine)
                {
                    line[length++] = b;
                }
                else
                {
                    overlong = true;
                }
            }
        }
    }

    private void OnLine(ReadOnlySpan<byte> bytes, bool overlong)
    {
        var text = Encoding.UTF8.GetString(bytes).Trim().ToLowerInvariant(); // Trim also drops a terminal's \r
        var now = Timestamp.Now(_time).Nanoseconds;
        EdgeCommand? request = overlong ? null : text switch
        {
            "" or "d" => new DescribeNowCommand(Origin, now),
            "t" => new ReadTextCommand(Origin, now),
            "m" => new MuteToggleCommand(Origin, now),
            _ => null,
        };
        if (request is null)
        {
            // A pipe of junk must not flood the log: the first 20, then every 1000th.
            if (++_unknown <= 20 || _unknown % 1000 == 0)
            {
                LogUnknown(_logger, CommandParser.Printable(text), Accepted, _unknown);
            }
            return;
        }
        LogRequest(_logger, request is MuteToggleCommand ? "mute on/off" : request.Feature);
        _inbox.Post(request);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "stdin: reading requests from standard input ({Kind}): {Accepted}")]
    private static partial void LogReading(ILogger logger, string kind, string accepted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "stdin: standard input is {Kind}, not a terminal or a pipe: no requests are read from it")]
    private static partial void LogNotRead(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "stdin: {Feature}")]
    private static partial void LogRequest(ILogger logger, string feature);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stdin: unknown request '{Line}'; {Accepted} ({Count} unknown so far)")]
    private static partial void LogUnknown(ILogger logger, string line, string accepted, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "stdin: end of standard input; the run goes on, with requests from MQTT and GPIO only")]
    private static partial void LogEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "stdin: reading standard input failed; no more requests are read from it")]
    private static partial void LogReadFailed(ILogger logger, Exception e);
}
