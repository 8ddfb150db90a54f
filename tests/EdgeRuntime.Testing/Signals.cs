using System.Runtime.InteropServices;

namespace EdgeRuntime.Testing;

/// <summary>
/// Sends a signal straight through libc's <c>kill</c>: a timed stop starts its clock at the signal, not after forking
/// a <c>kill</c> process, which alone can take hundreds of milliseconds on a loaded machine.
/// </summary>
public static partial class Signals
{
    /// <summary>SIGINT.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>The signal number for a name as <c>kill -NAME</c> takes it (INT, TERM).</summary>
    public static int Parse(string name) => name switch
    {
        "INT" => Interrupt,
        "TERM" => Terminate,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "INT or TERM"),
    };

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
