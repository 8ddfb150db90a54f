namespace EdgeRuntime.Interop.Ort;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>.</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,
    /// <summary>Generic failure.</summary>
    Fail = 1,
    /// <summary>An argument was rejected (shape, type, name).</summary>
    InvalidArgument = 2,
    /// <summary>A file was not found.</summary>
    NoSuchFile = 3,
    /// <summary>No model loaded.</summary>
    NoModel = 4,
    /// <summary>An engine error.</summary>
    EngineError = 5,
    /// <summary>An exception inside a kernel.</summary>
    RuntimeException = 6,
    /// <summary>The model bytes are not a valid protobuf.</summary>
    InvalidProtobuf = 7,
    /// <summary>A model was already loaded.</summary>
    ModelLoaded = 8,
    /// <summary>The operation is not implemented in this build.</summary>
    NotImplemented = 9,
    /// <summary>The model graph is invalid.</summary>
    InvalidGraph = 10,
    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}

/// <summary>An error reported by ONNX Runtime through an <c>OrtStatus</c>.</summary>
public class OrtException : Exception
{
    /// <summary>Creates the exception for an ONNX Runtime error code and message.</summary>
    public OrtException(OrtErrorCode code, string message) : base($"ONNX Runtime {code}: {message}") => Code = code;

    /// <summary>Creates an exception that wraps another with added context, keeping its code.</summary>
    public OrtException(OrtErrorCode code, string message, Exception inner) : base(message, inner) => Code = code;

    /// <summary>The ONNX Runtime error code.</summary>
    public OrtErrorCode Code { get; }
}
