using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// Routes ONNX Runtime's log messages to Microsoft.Extensions.Logging: VERBOSE → Trace, INFO → Debug (session
/// set-up chatter, diagnostic for us), WARNING → Warning, ERROR → Error, FATAL → Critical.
/// </summary>
// Design: OnLog is handed to the process-wide OrtEnv once (OrtNativeLibrary) and can run on any ONNX Runtime thread.
// s_logger is written by OrtRuntime's constructor (Volatile.Write) and read here (Volatile.Read); the last runtime
// created wins, since there is only one environment to log for.
internal static class OrtLogSink
{
    private static ILogger? s_logger;

    public static void Attach(ILogger logger) => Volatile.Write(ref s_logger, logger);

    /// <summary>The most verbose ONNX Runtime level worth producing for <paramref name="logger"/>.</summary>
    public static OrtLoggingLevel LevelFor(ILogger logger) =>
        logger.IsEnabled(LogLevel.Trace) ? OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE
        : logger.IsEnabled(LogLevel.Debug) ? OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO
        : OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;

    public static LogLevel Map(OrtLoggingLevel level) => level switch
    {
        OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Debug,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
        OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    public static void OnLog(nint param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        // Never let an exception cross back into native code.
        try
        {
            var logger = Volatile.Read(ref s_logger);
            var level = Map(severity);
            if (logger is null || !logger.IsEnabled(level))
            {
                return;
            }
            logger.Log(level, "[{LogId}] {Message} ({Location})", logId, message, codeLocation);
        }
        catch (Exception)
        {
            // A failing log sink must not take the inference thread down with it.
        }
    }
}
