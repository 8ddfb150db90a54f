using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Models;

/// <summary>ONNX Runtime's <c>OrtErrorCode</c>, as carried by <see cref="OrtModelException.Code"/>.</summary>
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

/// <summary>Reads the error code out of an <see cref="OnnxRuntimeException"/>.</summary>
internal static class OrtErrorCodes
{
    /// <summary>
    /// The code ONNX Runtime reported. Microsoft.ML.OnnxRuntime keeps its <c>ErrorCode</c> property internal and states
    /// the code at the start of the message instead (<c>[ErrorCode:InvalidArgument] ...</c>); <see cref="OrtErrorCode.Fail"/>
    /// when the message carries none.
    /// </summary>
    public static OrtErrorCode Of(OnnxRuntimeException e)
    {
        const string Prefix = "[ErrorCode:";
        var message = e.Message;
        var start = message.IndexOf(Prefix, StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = message.IndexOf(']', start);
            if (end > start && Enum.TryParse<OrtErrorCode>(message.AsSpan(start + Prefix.Length, end - start - Prefix.Length), out var code))
            {
                return code;
            }
        }
        return OrtErrorCode.Fail;
    }
}
