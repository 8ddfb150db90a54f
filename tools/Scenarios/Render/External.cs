using System.Diagnostics;

namespace EdgeRuntime.Tools.Scenarios.Render;

/// <summary>Runs the external programs the generator drives (ffmpeg, espeak-ng, sox), failing loudly with their stderr.</summary>
internal static class External
{
    public static void Run(string file, params string[] args)
    {
        using var process = Start(file, args, redirectStdin: false, redirectStdout: false);
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Trim()}");
        }
    }

    public static Process Start(string file, IReadOnlyList<string> args, bool redirectStdin, bool redirectStdout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = redirectStdout,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
    }
}
