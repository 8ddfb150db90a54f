using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Models;

/// <summary>Source-generated log messages of the model layer (no boxing, no formatting unless enabled).</summary>
internal static partial class ModelLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: output shapes vary with the data; those outputs are now allocated by ONNX Runtime and copied each run")]
    public static partial void LogOutputShapesVary(this ILogger logger, string model);
}
