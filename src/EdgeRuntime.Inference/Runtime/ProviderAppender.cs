using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>Attaches one execution provider to session options: CUDA and TensorRT through their V2 option objects, the rest by name.</summary>
internal static class ProviderAppender
{
    /// <summary>Throws <see cref="OnnxRuntimeException"/> when the provider cannot be attached (not in the build, library or driver missing).</summary>
    public static void Append(SessionOptions so, string provider, IReadOnlyDictionary<string, string> options)
    {
        var pairs = new Dictionary<string, string>(options);
        switch (provider)
        {
            case "CUDA":
                using (var cuda = new OrtCUDAProviderOptions())
                {
                    if (pairs.Count > 0)
                    {
                        cuda.UpdateOptions(pairs);
                    }
                    so.AppendExecutionProvider_CUDA(cuda);
                }
                break;
            case "TensorRT":
                using (var trt = new OrtTensorRTProviderOptions())
                {
                    if (pairs.Count > 0)
                    {
                        trt.UpdateOptions(pairs);
                    }
                    so.AppendExecutionProvider_Tensorrt(trt);
                }
                break;
            default:
                so.AppendExecutionProvider(provider, pairs);
                break;
        }
    }
}
