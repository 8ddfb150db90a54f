using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.Ort;

/// <summary>
/// Base of every ONNX Runtime object handle: owns one native pointer and releases it exactly once with the
/// object's own <c>Release*</c> function. The release functions take a plain pointer (not the SafeHandle) because
/// they run from <see cref="ReleaseHandle"/>, after the SafeHandle has been marked closed.
/// </summary>
public abstract unsafe class OrtHandle : SafeHandle
{
    /// <summary>Creates an empty (invalid) handle; the factory fills it through <see cref="Attach"/>.</summary>
    protected OrtHandle() : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for calls into the function table while the handle is alive.</summary>
    public nint Pointer => handle;

    /// <summary>Takes ownership of a pointer just created by ONNX Runtime.</summary>
    public void Attach(nint pointer) => SetHandle(pointer);

    /// <summary>
    /// Wraps the result of a <c>Create*</c> call: checks its status (which is evaluated first, so <paramref name="pointer"/>
    /// is read after the call filled it) and takes ownership of the new object.
    /// </summary>
    public static THandle FromCreate<THandle>(nint status, ref nint pointer) where THandle : OrtHandle, new()
    {
        OrtStatus.Check(status);
        var h = new THandle();
        h.Attach(pointer);
        return h;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Release(OrtApi.Instance, handle);
        return true;
    }

    /// <summary>Calls the object's release function.</summary>
    protected abstract void Release(OrtApi api, nint pointer);
}

/// <summary>An <c>OrtEnv*</c>.</summary>
public sealed unsafe class OrtEnvHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseEnv(pointer);
}

/// <summary>An <c>OrtSessionOptions*</c>.</summary>
public sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    /// <summary>Creates empty session options.</summary>
    public static OrtSessionOptionsHandle Create()
    {
        nint p;
        return FromCreate<OrtSessionOptionsHandle>(OrtApi.Instance.CreateSessionOptions(&p), ref p);
    }

    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseSessionOptions(pointer);
}

/// <summary>An <c>OrtSession*</c>.</summary>
public sealed unsafe class OrtSessionHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseSession(pointer);
}

/// <summary>An <c>OrtRunOptions*</c>.</summary>
public sealed unsafe class OrtRunOptionsHandle : OrtHandle
{
    /// <summary>Creates default run options.</summary>
    public static OrtRunOptionsHandle Create()
    {
        nint p;
        return FromCreate<OrtRunOptionsHandle>(OrtApi.Instance.CreateRunOptions(&p), ref p);
    }

    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseRunOptions(pointer);
}

/// <summary>An <c>OrtMemoryInfo*</c>.</summary>
public sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    /// <summary>CPU memory info (arena allocator, default memory type): describes caller-owned host buffers.</summary>
    public static OrtMemoryInfoHandle CreateCpu()
    {
        nint p;
        return FromCreate<OrtMemoryInfoHandle>(OrtApi.Instance.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &p), ref p);
    }

    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseMemoryInfo(pointer);
}

/// <summary>An <c>OrtValue*</c>.</summary>
public sealed unsafe class OrtValueHandle : OrtHandle
{
    /// <summary>
    /// Wraps caller memory as a tensor without copying. The caller keeps ownership of <paramref name="data"/>
    /// and must keep it alive and unmoved (native or pinned memory) until this handle is disposed.
    /// </summary>
    public static OrtValueHandle CreateTensorOverMemory(OrtMemoryInfoHandle memoryInfo, void* data, nuint byteLength,
        ReadOnlySpan<long> shape, TensorElementType type)
    {
        nint p;
        fixed (long* s = shape)
        {
            return FromCreate<OrtValueHandle>(OrtApi.Instance.CreateTensorWithDataAsOrtValue(memoryInfo.Pointer, data, byteLength, s, (nuint)shape.Length, (int)type, &p), ref p);
        }
    }

    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseValue(pointer);
}

/// <summary>An <c>OrtTypeInfo*</c>.</summary>
public sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseTypeInfo(pointer);
}

/// <summary>An <c>OrtTensorTypeAndShapeInfo*</c> that we own (from <c>GetTensorTypeAndShape</c>, not the view from a type info).</summary>
public sealed unsafe class OrtTensorTypeAndShapeInfoHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseTensorTypeAndShapeInfo(pointer);
}

/// <summary>
/// An <c>OrtIoBinding*</c>. Binding an input or output stores a reference to the <c>OrtValue</c>; no data is copied
/// for CPU tensors, so the bound values (and the memory under them) must outlive every run with this binding.
/// </summary>
public sealed unsafe class OrtIoBindingHandle : OrtHandle
{
    /// <summary>Creates a binding for a session.</summary>
    public static OrtIoBindingHandle Create(OrtSessionHandle session)
    {
        nint p;
        return FromCreate<OrtIoBindingHandle>(OrtApi.Instance.CreateIoBinding(session.Pointer, &p), ref p);
    }

    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseIoBinding(pointer);
}

/// <summary>An <c>OrtCUDAProviderOptionsV2*</c>.</summary>
public sealed unsafe class OrtCudaProviderOptionsHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseCUDAProviderOptions(pointer);
}

/// <summary>An <c>OrtTensorRTProviderOptionsV2*</c>.</summary>
public sealed unsafe class OrtTensorRTProviderOptionsHandle : OrtHandle
{
    /// <inheritdoc />
    protected override void Release(OrtApi api, nint pointer) => api.ReleaseTensorRTProviderOptions(pointer);
}
