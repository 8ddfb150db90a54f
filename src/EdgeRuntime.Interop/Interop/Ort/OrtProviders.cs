namespace EdgeRuntime.Interop.Ort;

/// <summary>The execution providers compiled into the loaded library (<c>GetAvailableProviders</c>).</summary>
public static unsafe class OrtProviders
{
    /// <summary>Provider names as the library reports them, e.g. <c>CPUExecutionProvider</c>, <c>CUDAExecutionProvider</c>.</summary>
    public static IReadOnlyList<string> GetAvailable()
    {
        var api = OrtApi.Instance;
        byte** names;
        int count;
        OrtStatus.Check(api.GetAvailableProviders(&names, &count));
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = OrtStrings.FromUtf8Z(names[i]);
            }
            return result;
        }
        finally
        {
            OrtStatus.Check(api.ReleaseAvailableProviders(names, count));
        }
    }
}
