using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Output.Mqtt;

/// <summary>Every line the MQTT publisher logs, in one place so their wording stays consistent.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: connected to {Host}:{Port} (MQTT {Protocol}{Tls}); {Pending} outbox record(s) to send")]
    public static partial void Connected(ILogger logger, string host, int port, string protocol, string tls, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: cannot connect to {Host}:{Port}: {Reason} (attempt {Attempt}); retrying in {Seconds:F1} s; events wait in the outbox")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: cannot set up the client: {Reason}; retrying in {Seconds:F1} s")]
    public static partial void ClientFailed(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: broker {Host}:{Port} refused the connection: {Reason} (code {Code}); retrying in {Seconds:F1} s")]
    public static partial void Refused(ILogger logger, string host, int port, string reason, int code, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: no CONNACK from {Host}:{Port} within {Seconds} s; reconnecting")]
    public static partial void NoConnack(ILogger logger, string host, int port, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: connection to {Host}:{Port} lost: {Reason}; {Pending} record(s) kept in the outbox")]
    public static partial void Lost(ILogger logger, string host, int port, string reason, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: stopped cleanly; {Pending} record(s) left in the outbox")]
    public static partial void Stopped(ILogger logger, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: outbox full ({MaxBytes} bytes): dropped a {Priority}-priority record on {Topic} ({Total} dropped so far)")]
    public static partial void Dropped(ILogger logger, string priority, string topic, long total, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: record {Sequence} on {Topic} cannot be published and is discarded: {Reason}")]
    public static partial void Unpublishable(ILogger logger, string topic, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: broker refused a publish on {Topic}: {Reason}")]
    public static partial void PublishRefused(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: the broker refused the command subscription {Filter}; commands will not arrive")]
    public static partial void SubscribeRefused(ILogger logger, string filter);

    [LoggerMessage(Level = LogLevel.Information, Message = "mqtt: command {Feature} accepted: {Command}")]
    public static partial void Command(ILogger logger, string feature, string command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: command on {Topic} rejected: {Reason} ({Count} rejected so far)")]
    public static partial void CommandRejected(ILogger logger, string topic, string reason, long count);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: libmosquitto: {Message}")]
    public static partial void LibraryError(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "mqtt: libmosquitto: {Message}")]
    public static partial void LibraryWarning(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "mqtt: cannot write the outbox journal {Path} ({Count} failures so far); events are kept in memory and still sent, but would not survive a crash")]
    public static partial void WriteFailed(ILogger logger, Exception e, string path, long count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "mqtt: cannot open the outbox journal {Path}")]
    public static partial void OutboxFailed(ILogger logger, Exception e, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "mqtt: network thread failed; events are no longer published")]
    public static partial void Failed(ILogger logger, Exception e);
}
