namespace EdgeRuntime.Interop.Ort;

/// <summary>The type and shape of one session input or output as the model declares it.</summary>
/// <param name="Name">The graph name.</param>
/// <param name="ValueType">Tensor, sequence, map...; only tensors can be bound to pooled buffers.</param>
/// <param name="ElementType">The element type (tensors only).</param>
/// <param name="Dimensions">One entry per axis; -1 for a dynamic axis.</param>
/// <param name="SymbolicDimensions">The axis names (<c>batch</c>, <c>H</c>), empty for unnamed axes.</param>
public sealed record OrtTensorInfo(string Name, OnnxValueType ValueType, TensorElementType ElementType,
    long[] Dimensions, string[] SymbolicDimensions);

/// <summary>Session creation and introspection over the function table. Not on the per-run path.</summary>
public static unsafe class OrtSessionNative
{
    /// <summary>Creates a session from a model file (UTF-8 path).</summary>
    public static OrtSessionHandle CreateFromFile(OrtEnvHandle env, string path, OrtSessionOptionsHandle options)
    {
        var handle = new OrtSessionHandle();
        var utf8 = OrtStrings.ToUtf8Z(path);
        nint p;
        fixed (byte* u = utf8)
        {
            OrtStatus.Check(OrtApi.Instance.CreateSession(env.Pointer, u, options.Pointer, &p));
        }
        handle.Attach(p);
        return handle;
    }

    /// <summary>Creates a session from model bytes; ONNX Runtime copies what it needs, the span may be reused afterwards.</summary>
    public static OrtSessionHandle CreateFromBytes(OrtEnvHandle env, ReadOnlySpan<byte> model, OrtSessionOptionsHandle options)
    {
        var handle = new OrtSessionHandle();
        nint p;
        fixed (byte* m = model)
        {
            OrtStatus.Check(OrtApi.Instance.CreateSessionFromArray(env.Pointer, m, (nuint)model.Length, options.Pointer, &p));
        }
        handle.Attach(p);
        return handle;
    }

    /// <summary>The declared inputs (<paramref name="inputs"/> true) or outputs of a session, in graph order.</summary>
    public static OrtTensorInfo[] Describe(OrtSessionHandle session, bool inputs)
    {
        var api = OrtApi.Instance;
        nuint count;
        OrtStatus.Check(inputs ? api.SessionGetInputCount(session.Pointer, &count) : api.SessionGetOutputCount(session.Pointer, &count));
        var result = new OrtTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* namePtr;
            OrtStatus.Check(inputs
                ? api.SessionGetInputName(session.Pointer, i, OrtAllocator.Default, &namePtr)
                : api.SessionGetOutputName(session.Pointer, i, OrtAllocator.Default, &namePtr));
            var name = OrtStrings.TakeFromDefaultAllocator(namePtr);

            using var typeInfo = new OrtTypeInfoHandle();
            nint ti;
            OrtStatus.Check(inputs ? api.SessionGetInputTypeInfo(session.Pointer, i, &ti) : api.SessionGetOutputTypeInfo(session.Pointer, i, &ti));
            typeInfo.Attach(ti);
            result[(int)i] = DescribeTypeInfo(name, typeInfo);
        }
        return result;
    }

    private static OrtTensorInfo DescribeTypeInfo(string name, OrtTypeInfoHandle typeInfo)
    {
        var api = OrtApi.Instance;
        int onnxType;
        OrtStatus.Check(api.GetOnnxTypeFromTypeInfo(typeInfo.Pointer, &onnxType));
        if ((OnnxValueType)onnxType != OnnxValueType.Tensor)
        {
            return new OrtTensorInfo(name, (OnnxValueType)onnxType, TensorElementType.Undefined, [], []);
        }
        // A view owned by the type info: not released here.
        nint tensorInfo;
        OrtStatus.Check(api.CastTypeInfoToTensorInfo(typeInfo.Pointer, &tensorInfo));
        var (element, dims, symbols) = ReadTensorInfo(tensorInfo);
        return new OrtTensorInfo(name, OnnxValueType.Tensor, element, dims, symbols);
    }

    /// <summary>Element type, dimensions and symbolic names of an <c>OrtTensorTypeAndShapeInfo*</c>.</summary>
    public static (TensorElementType Element, long[] Dimensions, string[] Symbols) ReadTensorInfo(nint tensorInfo)
    {
        var api = OrtApi.Instance;
        int element;
        OrtStatus.Check(api.GetTensorElementType(tensorInfo, &element));
        nuint rank;
        OrtStatus.Check(api.GetDimensionsCount(tensorInfo, &rank));
        var dims = new long[(int)rank];
        var symbols = new string[(int)rank];
        if (rank > 0)
        {
            fixed (long* d = dims)
            {
                OrtStatus.Check(api.GetDimensions(tensorInfo, d, rank));
            }
            // The symbol strings belong to the info object: copy them.
            var names = stackalloc byte*[(int)rank];
            OrtStatus.Check(api.GetSymbolicDimensions(tensorInfo, names, rank));
            for (var i = 0; i < (int)rank; i++)
            {
                symbols[i] = OrtStrings.FromUtf8Z(names[i]);
            }
        }
        return ((TensorElementType)element, dims, symbols);
    }

    /// <summary>The element type and dimensions of a tensor value (e.g. an output ONNX Runtime allocated).</summary>
    public static (TensorElementType Element, long[] Dimensions) DescribeValue(nint value)
    {
        var api = OrtApi.Instance;
        nint info;
        OrtStatus.Check(api.GetTensorTypeAndShape(value, &info));
        using var owned = new OrtTensorTypeAndShapeInfoHandle();
        owned.Attach(info);
        var (element, dims, _) = ReadTensorInfo(info);
        return (element, dims);
    }
}
