using System.Diagnostics;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>Runs helper programs (ffmpeg, node, npm) and fails with their stderr when they fail.</summary>
internal static class Processes
{
    public static byte[] RunForBytes(string file, IEnumerable<string> args, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }
        return buffer.ToArray();
    }

    public static string Run(string file, IEnumerable<string> args, string? workingDirectory = null) =>
        System.Text.Encoding.UTF8.GetString(RunForBytes(file, args, workingDirectory));
}
