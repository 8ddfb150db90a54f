using EdgeRuntime.Interop.Ort;

namespace EdgeRuntime.Interop.Tests.Ort;

public sealed unsafe class OrtInteropTests
{
    [Fact]
    public void The_function_table_is_read_once_for_the_pinned_api_version_of_the_real_library()
    {
        var api = OrtApi.Instance;
        Assert.Same(api, OrtApi.Instance);
        Assert.Equal(12u, OrtApi.Version);
        Assert.Matches(@"^1\.(2[2-9]|[3-9]\d)\.\d+", OrtLibrary.Version);
        Assert.Contains("CPUExecutionProvider", OrtProviders.GetAvailable());
    }

    [Fact]
    public void A_non_null_status_becomes_an_exception_with_the_code_the_message_and_the_context()
    {
        var api = OrtApi.Instance;
        nint status;
        fixed (byte* m = OrtStrings.ToUtf8Z("shape mismatch in ümlaut input"))
        {
            status = api.CreateStatus((int)OrtErrorCode.InvalidArgument, m);
        }
        var e = Assert.Throws<OrtException>(() => OrtStatus.Check(status, "model 'vad'"));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
        Assert.Equal("ONNX Runtime InvalidArgument: model 'vad': shape mismatch in ümlaut input", e.Message);
        OrtStatus.Check(0);
    }

    [Fact]
    public void Describing_a_real_session_reads_names_types_and_symbolic_dimensions()
    {
        nint env;
        fixed (byte* id = OrtStrings.ToUtf8Z("interop-test"))
        {
            // OrtEnv is a process-wide, ref-counted singleton: this joins (or creates) it and releases its reference after.
            OrtStatus.Check(OrtApi.Instance.CreateEnvWithCustomLogger(0, 0, (int)OrtLoggingLevel.Warning, id, &env));
        }
        using var envHandle = new OrtEnvHandle();
        envHandle.Attach(env);
        using var options = OrtSessionOptionsHandle.Create();
        using var session = OrtSessionNative.CreateFromBytes(envHandle, File.ReadAllBytes(Repo.Path(".deps", "models", "ppocr", "rec.onnx")), options);
        var inputs = OrtSessionNative.Describe(session, inputs: true);
        var outputs = OrtSessionNative.Describe(session, inputs: false);
        var x = Assert.Single(inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(OnnxValueType.Tensor, x.ValueType);
        Assert.Equal(TensorElementType.Float, x.ElementType);
        Assert.Equal([-1L, 3, 48, -1], x.Dimensions);
        Assert.False(string.IsNullOrEmpty(x.SymbolicDimensions[3]));
        Assert.Equal(6625, Assert.Single(outputs).Dimensions[2]);
    }

    [Fact]
    public void Element_type_names_round_trip_and_sizes_match_the_c_types()
    {
        foreach (var t in Enum.GetValues<TensorElementType>().Where(t => t != TensorElementType.Undefined))
        {
            Assert.True(TensorElementTypes.TryParse(TensorElementTypes.Name(t), out var back));
            Assert.Equal(t, back);
        }
        Assert.Equal(4, TensorElementTypes.SizeOf(TensorElementType.Float));
        Assert.Equal(8, TensorElementTypes.SizeOf(TensorElementType.Int64));
        Assert.Equal(2, TensorElementTypes.SizeOf(TensorElementType.Float16));
        Assert.Equal(0, TensorElementTypes.SizeOf(TensorElementType.String));
        Assert.False(TensorElementTypes.TryParse("complex64", out _));
    }
}
