using EdgeRuntime.Interop.Ort;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>One execution provider of the loaded library and whether it can be attached on this machine.</summary>
/// <param name="Name">The short name (<c>CUDA</c>) or, for a provider outside the catalog, ONNX Runtime's name.</param>
/// <param name="NativeName">ONNX Runtime's name (<c>CUDAExecutionProvider</c>).</param>
/// <param name="Usable">True when it attached to a session (or is CPU, which always is).</param>
/// <param name="Detail">Why it is not usable (ONNX Runtime's error, e.g. a missing provider library), or empty.</param>
public sealed record ExecutionProviderStatus(string Name, string NativeName, bool Usable, string Detail);

/// <summary>
/// Lists the providers compiled into the library and tries to attach each one to throw-away session options. A build can
/// list a provider whose shared library or driver is missing here (the npm CPU build lists CUDA and TensorRT): only the
/// attach attempt tells.
/// </summary>
internal static class ExecutionProviderProbe
{
    /// <summary>Probes every available provider (the environment must exist); never throws for a provider that fails to attach.</summary>
    public static IReadOnlyList<ExecutionProviderStatus> Probe()
    {
        var result = new List<ExecutionProviderStatus>();
        foreach (var native in OrtProviders.GetAvailable())
        {
            var name = ExecutionProviderCatalog.ShortName(native);
            if (name == "CPU")
            {
                result.Add(new ExecutionProviderStatus(name, native, true, ""));
                continue;
            }
            if (name == native)
            {
                result.Add(new ExecutionProviderStatus(name, native, false, "not selectable from configuration"));
                continue;
            }
            using var so = OrtSessionOptionsHandle.Create();
            try
            {
                ProviderAppender.Append(so, name, new Dictionary<string, string>());
                result.Add(new ExecutionProviderStatus(name, native, true, ""));
            }
            catch (OrtException e)
            {
                result.Add(new ExecutionProviderStatus(name, native, false, FirstLine(e.Message)));
            }
        }
        return result;
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }
}
