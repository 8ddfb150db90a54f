namespace EdgeRuntime.Interop.Ort;

/// <summary>
/// The <c>OrtApi</c> function table, read once for <see cref="Version"/>. Each field is a
/// <c>delegate* unmanaged</c> read from its slot: no marshalled delegates, no per-call stubs, NativeAOT-clean.
/// </summary>
/// <remarks>
/// Slots and signatures come from shared/docs/ort-c-api.md (checked against the 1.22/1.23 headers with gcc).
/// Every pointer parameter is a plain <see cref="nint"/> or a typed pointer; <c>size_t</c> is <see cref="nuint"/>,
/// C enums are <see cref="int"/>, <c>int64_t</c> is <see cref="long"/>. Functions returning <c>OrtStatus*</c>
/// return <see cref="nint"/>; pass the result to <see cref="OrtStatus.Check(nint)"/>.
/// </remarks>
// Design: s_instance is written once under s_gate after the table is fully read (the constructor completes before the
// assignment) and read lock-free with Volatile.Read; every field is readonly, so a published table is immutable.
public sealed unsafe class OrtApi
{
    /// <summary>
    /// The API version asked of <c>GetApi</c>: the lowest that has every slot read here. The highest slot used is 216
    /// (<c>SessionOptionsAppendExecutionProvider</c>), which belongs to API version 12: ONNX Runtime's
    /// <c>onnxruntime_c_api.cc</c> asserts that version 11 ends at slot 209 and version 12 at slot 218. Slots never move,
    /// and <c>GetApi(v)</c> returns the same table for every v up to the library's own version, so any ONNX Runtime from
    /// 1.12 on (e.g. the older GPU builds shipped for Jetson boards) works, and newer ones keep working.
    /// </summary>
    public const uint Version = 12;

    private static readonly Lock s_gate = new();
    private static OrtApi? s_instance;

    /// <summary>The table of the loaded library; loads the library on first use.</summary>
    public static OrtApi Instance
    {
        get
        {
            var api = Volatile.Read(ref s_instance);
            if (api is not null)
            {
                return api;
            }
            lock (s_gate)
            {
                s_instance ??= Load();
                return s_instance;
            }
        }
    }

    private static OrtApi Load()
    {
        var getApi = (delegate* unmanaged<uint, nint>)((nint*)OrtLibrary.ApiBase)[0];
        var table = getApi(Version);
        if (table == 0)
        {
            throw new EntryPointNotFoundException(
                $"ONNX Runtime at '{OrtLibrary.LoadedFrom}' (version {OrtLibrary.Version}) does not provide API version {Version}; " +
                "EdgeRuntime needs ONNX Runtime 1.12 or newer.");
        }
        return new OrtApi((nint*)table);
    }

    private OrtApi(nint* t)
    {
        CreateStatus = (delegate* unmanaged<int, byte*, nint>)t[0];
        GetErrorCode = (delegate* unmanaged<nint, int>)t[1];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)t[2];
        CreateEnvWithCustomLogger = (delegate* unmanaged<nint, nint, int, byte*, nint*, nint>)t[4];
        CreateSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)t[7];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)t[8];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[9];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)t[10];
        SetOptimizedModelFilePath = (delegate* unmanaged<nint, byte*, nint>)t[11];
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)t[13];
        EnableProfiling = (delegate* unmanaged<nint, byte*, nint>)t[14];
        DisableMemPattern = (delegate* unmanaged<nint, nint>)t[17];
        DisableCpuMemArena = (delegate* unmanaged<nint, nint>)t[19];
        SetSessionLogId = (delegate* unmanaged<nint, byte*, nint>)t[20];
        SetSessionLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)t[22];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[23];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[24];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[25];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[30];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[31];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[34];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[36];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[37];
        CreateRunOptions = (delegate* unmanaged<nint*, nint>)t[39];
        RunOptionsSetTerminate = (delegate* unmanaged<nint, nint>)t[46];
        RunOptionsUnsetTerminate = (delegate* unmanaged<nint, nint>)t[47];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[49];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)t[51];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[55];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)t[56];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[60];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[61];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[62];
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)t[63];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)t[65];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[69];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)t[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[78];
        ReleaseEnv = (delegate* unmanaged<nint, void>)t[92];
        ReleaseStatus = (delegate* unmanaged<nint, void>)t[93];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)t[94];
        ReleaseSession = (delegate* unmanaged<nint, void>)t[95];
        ReleaseValue = (delegate* unmanaged<nint, void>)t[96];
        ReleaseRunOptions = (delegate* unmanaged<nint, void>)t[97];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)t[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)t[99];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)t[100];
        SessionEndProfiling = (delegate* unmanaged<nint, nint, byte**, nint>)t[110];
        GetAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)t[125];
        ReleaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)t[126];
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)t[130];
        RunWithBinding = (delegate* unmanaged<nint, nint, nint, nint>)t[133];
        CreateIoBinding = (delegate* unmanaged<nint, nint*, nint>)t[134];
        ReleaseIoBinding = (delegate* unmanaged<nint, void>)t[135];
        BindInput = (delegate* unmanaged<nint, byte*, nint, nint>)t[136];
        BindOutput = (delegate* unmanaged<nint, byte*, nint, nint>)t[137];
        ClearBoundInputs = (delegate* unmanaged<nint, void>)t[141];
        ClearBoundOutputs = (delegate* unmanaged<nint, void>)t[142];
        SessionOptionsAppendExecutionProvider_TensorRT_V2 = (delegate* unmanaged<nint, nint, nint>)t[170];
        CreateTensorRTProviderOptions = (delegate* unmanaged<nint*, nint>)t[171];
        UpdateTensorRTProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[172];
        ReleaseTensorRTProviderOptions = (delegate* unmanaged<nint, void>)t[174];
        SessionOptionsAppendExecutionProvider_CUDA_V2 = (delegate* unmanaged<nint, nint, nint>)t[204];
        CreateCUDAProviderOptions = (delegate* unmanaged<nint*, nint>)t[205];
        UpdateCUDAProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[206];
        ReleaseCUDAProviderOptions = (delegate* unmanaged<nint, void>)t[208];
        SessionOptionsAppendExecutionProvider = (delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint>)t[216];
    }

#pragma warning disable CS1591 // one field per C function; the C API documents each
    public readonly delegate* unmanaged<int, byte*, nint> CreateStatus;
    public readonly delegate* unmanaged<nint, int> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<nint, nint, int, byte*, nint*, nint> CreateEnvWithCustomLogger;
    public readonly delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, byte*, nint> SetOptimizedModelFilePath;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, byte*, nint> EnableProfiling;
    public readonly delegate* unmanaged<nint, nint> DisableMemPattern;
    public readonly delegate* unmanaged<nint, nint> DisableCpuMemArena;
    public readonly delegate* unmanaged<nint, byte*, nint> SetSessionLogId;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint*, nint> CreateRunOptions;
    public readonly delegate* unmanaged<nint, nint> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<nint, nint> RunOptionsUnsetTerminate;
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;
    public readonly delegate* unmanaged<nint, void> ReleaseRunOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> SessionEndProfiling;
    public readonly delegate* unmanaged<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged<byte**, int, nint> ReleaseAvailableProviders;
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    public readonly delegate* unmanaged<nint, nint, nint, nint> RunWithBinding;
    public readonly delegate* unmanaged<nint, nint*, nint> CreateIoBinding;
    public readonly delegate* unmanaged<nint, void> ReleaseIoBinding;
    public readonly delegate* unmanaged<nint, byte*, nint, nint> BindInput;
    public readonly delegate* unmanaged<nint, byte*, nint, nint> BindOutput;
    public readonly delegate* unmanaged<nint, void> ClearBoundInputs;
    public readonly delegate* unmanaged<nint, void> ClearBoundOutputs;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_TensorRT_V2;
    public readonly delegate* unmanaged<nint*, nint> CreateTensorRTProviderOptions;
    public readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateTensorRTProviderOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorRTProviderOptions;
    public readonly delegate* unmanaged<nint, nint, nint> SessionOptionsAppendExecutionProvider_CUDA_V2;
    public readonly delegate* unmanaged<nint*, nint> CreateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> UpdateCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseCUDAProviderOptions;
    public readonly delegate* unmanaged<nint, byte*, byte**, byte**, nuint, nint> SessionOptionsAppendExecutionProvider;
#pragma warning restore CS1591
}
