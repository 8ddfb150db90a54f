using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeRuntime.Interop.Ort;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Runtime;

/// <summary>
/// Routes ONNX Runtime's log messages to Microsoft.Extensions.Logging: VERBOSE → Trace, INFO → Debug (session
/// set-up chatter, diagnostic for us), WARNING → Warning, ERROR → Error, FATAL → Critical.
/// </summary>
// Design: the callback is a static [UnmanagedCallersOnly] function handed to the process-wide OrtEnv once; it can run on
// any ONNX Runtime thread. s_logger is written by OrtRuntime's constructor (Volatile.Write) and read here
// (Volatile.Read); the last runtime created wins, since there is only one environment to log for.
internal static unsafe class OrtLogSink
{
    private static ILogger? s_logger;

    public static void Attach(ILogger logger) => Volatile.Write(ref s_logger, logger);

    /// <summary>The most verbose ONNX Runtime level worth producing for <paramref name="logger"/>.</summary>
    public static OrtLoggingLevel LevelFor(ILogger logger) =>
        logger.IsEnabled(LogLevel.Trace) ? OrtLoggingLevel.Verbose
        : logger.IsEnabled(LogLevel.Debug) ? OrtLoggingLevel.Info
        : OrtLoggingLevel.Warning;

    public static LogLevel Map(OrtLoggingLevel level) => level switch
    {
        OrtLoggingLevel.Verbose => LogLevel.Trace,
        OrtLoggingLevel.Info => LogLevel.Debug,
        OrtLoggingLevel.Warning => LogLevel.Warning,
        OrtLoggingLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    public static nint FunctionPointer => (nint)(delegate* unmanaged[Cdecl]<nint, int, byte*, byte*, byte*, byte*, void>)&OnLog;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(nint param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        // Never let an exception cross back into native code.
        try
        {
            var logger = Volatile.Read(ref s_logger);
            var level = Map((OrtLoggingLevel)severity);
            if (logger is null || !logger.IsEnabled(level))
            {
                return;
            }
            logger.Log(level, "[{LogId}] {Message} ({Location})", OrtStrings.FromUtf8Z(logId), OrtStrings.FromUtf8Z(message), OrtStrings.FromUtf8Z(codeLocation));
        }
        catch (Exception)
        {
            // A failing log sink must not take the inference thread down with it.
        }
    }
}
