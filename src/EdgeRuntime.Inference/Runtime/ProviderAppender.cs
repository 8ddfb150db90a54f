using EdgeRuntime.Interop.Ort;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>Attaches one execution provider to session options: CUDA and TensorRT through their V2 option objects, the rest by name.</summary>
internal static unsafe class ProviderAppender
{
    public static void Append(OrtSessionOptionsHandle so, string provider, IReadOnlyDictionary<string, string> options)
    {
        var api = OrtApi.Instance;
        using var kv = new NativeKeyValues(options);
        switch (provider)
        {
            case "CUDA":
                AppendV2<OrtCudaProviderOptionsHandle>(so, kv, "CUDA", api.CreateCUDAProviderOptions, api.UpdateCUDAProviderOptions,
                    api.SessionOptionsAppendExecutionProvider_CUDA_V2);
                break;
            case "TensorRT":
                AppendV2<OrtTensorRTProviderOptionsHandle>(so, kv, "TensorRT", api.CreateTensorRTProviderOptions, api.UpdateTensorRTProviderOptions,
                    api.SessionOptionsAppendExecutionProvider_TensorRT_V2);
                break;
            default:
                fixed (byte* name = OrtStrings.ToUtf8Z(provider))
                {
                    OrtStatus.Check(api.SessionOptionsAppendExecutionProvider(so.Pointer, name, kv.Keys, kv.Values, (nuint)kv.Count), provider);
                }
                break;
        }
    }

    /// <summary>The V2 pattern shared by CUDA and TensorRT: create an options object, update it with key/value strings, append, release.</summary>
    private static void AppendV2<THandle>(OrtSessionOptionsHandle so, NativeKeyValues kv, string provider,
        delegate* unmanaged<nint*, nint> create, delegate* unmanaged<nint, byte**, byte**, nuint, nint> update,
        delegate* unmanaged<nint, nint, nint> append) where THandle : OrtHandle, new()
    {
        nint p;
        using var options = OrtHandle.FromCreate<THandle>(create(&p), ref p);
        if (kv.Count > 0)
        {
            OrtStatus.Check(update(p, kv.Keys, kv.Values, (nuint)kv.Count), provider + " provider options");
        }
        OrtStatus.Check(append(so.Pointer, p), provider);
    }

    /// <summary>Two parallel native arrays of NUL-terminated UTF-8 strings, freed on dispose.</summary>
    private readonly struct NativeKeyValues : IDisposable
    {
        public readonly byte** Keys;
        public readonly byte** Values;
        public readonly int Count;

        public NativeKeyValues(IReadOnlyDictionary<string, string> pairs)
        {
            Count = pairs.Count;
            Keys = (byte**)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)Math.Max(1, Count), (nuint)sizeof(nint));
            Values = (byte**)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)Math.Max(1, Count), (nuint)sizeof(nint));
            var i = 0;
            foreach (var (k, v) in pairs)
            {
                Keys[i] = OrtStrings.ToNativeUtf8Z(k);
                Values[i] = OrtStrings.ToNativeUtf8Z(v);
                i++;
            }
        }

        public void Dispose()
        {
            for (var i = 0; i < Count; i++)
            {
                OrtStrings.FreeNative(Keys[i]);
                OrtStrings.FreeNative(Values[i]);
            }
            System.Runtime.InteropServices.NativeMemory.Free(Keys);
            System.Runtime.InteropServices.NativeMemory.Free(Values);
        }
    }
}
