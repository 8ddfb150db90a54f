using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeRuntime.Core.Hosting;

/// <summary>
/// What a measurement was taken on, for the headers of reports: latencies and peak memory depend on the CPU and on
/// whether the daemon was compiled ahead of time (NativeAOT, as a board runs it) or by the JIT (about 30 MB more resident).
/// </summary>
public static class MachineDescription
{
    /// <summary>The CPU's model name from /proc/cpuinfo (the architecture where there is none) and the core count.</summary>
    public static string Cpu()
    {
        string? model = null;
        try
        {
            model = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            // unreadable: the architecture stands in
        }
        return $"{model ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores";
    }

    /// <summary>"NativeAOT" when compiled ahead of time, else "JIT".</summary>
    public static string Compilation => RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";

    /// <summary>The compilation with the .NET version, e.g. "NativeAOT, .NET 9.0.11".</summary>
    public static string Runtime() => $"{Compilation}, {RuntimeInformation.FrameworkDescription}";
}
