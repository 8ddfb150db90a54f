using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>One execution provider and whether it can be attached on this machine.</summary>
/// <param name="Name">The short name (<c>CUDA</c>) or, for a provider outside the catalog, ONNX Runtime's name.</param>
/// <param name="NativeName">ONNX Runtime's name (<c>CUDAExecutionProvider</c>).</param>
/// <param name="Usable">True when it attached to a session (or is CPU, which always is).</param>
/// <param name="Detail">Why it is not usable (ONNX Runtime's error, e.g. not in this build or a missing provider library), or empty.</param>
/// <param name="InBuild">True when the library lists it among its available providers.</param>
public sealed record ExecutionProviderStatus(string Name, string NativeName, bool Usable, string Detail, bool InBuild);

/// <summary>
/// Tries to attach every provider the library lists, and every provider of the catalog, to throw-away session options.
/// A build can list a provider whose shared library or driver is missing here, and a provider it does not list may
/// still be asked for in configuration: only the attach attempt tells, and ONNX Runtime's reason is kept.
/// </summary>
internal static class ExecutionProviderProbe
{
    /// <summary>Probes the providers (the environment must exist); never throws for a provider that fails to attach.</summary>
    public static IReadOnlyList<ExecutionProviderStatus> Probe(IReadOnlyList<string> available)
    {
        var result = new List<ExecutionProviderStatus>();
        var natives = available.Concat(ExecutionProviderCatalog.KnownNames.Select(ExecutionProviderCatalog.NativeName)).Distinct();
        foreach (var native in natives)
        {
            var name = ExecutionProviderCatalog.ShortName(native);
            var inBuild = available.Contains(native);
            if (name == "CPU")
            {
                result.Add(new ExecutionProviderStatus(name, native, true, "", inBuild));
                continue;
            }
            if (name == native)
            {
                result.Add(new ExecutionProviderStatus(name, native, false, "not selectable from configuration", inBuild));
                continue;
            }
            using var so = new SessionOptions();
            try
            {
                ProviderAppender.Append(so, name, new Dictionary<string, string>());
                result.Add(new ExecutionProviderStatus(name, native, true, "", inBuild));
            }
            catch (OnnxRuntimeException e)
            {
                result.Add(new ExecutionProviderStatus(name, native, false, FirstLine(e.Message), inBuild));
            }
        }
        return result;
    }

    private static string FirstLine(string message)
    {
        // "[ErrorCode:Fail] CUDA execution provider is not enabled in this build." → the sentence only.
        var start = message.StartsWith("[ErrorCode:", StringComparison.Ordinal) ? message.IndexOf(']', StringComparison.Ordinal) + 1 : 0;
        var nl = message.IndexOf('\n', start);
        return (nl < 0 ? message[start..] : message[start..nl]).Trim();
    }
}
