using EdgeRuntime.Core.Events.Commands;
using EdgeRuntime.Sensors.Gpio;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// The GPIO push button as a user request: a short press is the MQTT <c>describe</c> command, a long press the
/// <c>read_text</c> command, so both go the way those commands go. Other GPIO events (presses, releases, the PIR) are
/// not requests.
/// </summary>
internal sealed partial class ButtonRequests(ILogger logger)
{
    /// <summary>The <see cref="EdgeCommand.Origin"/> of button requests.</summary>
    public const string Origin = "gpio";

    /// <summary>The request a GPIO event stands for, or null.</summary>
    public EdgeCommand? ToRequest(GpioEvent e)
    {
        EdgeCommand? request = e.Kind switch
        {
            GpioEventKind.ShortPress => new DescribeNowCommand(Origin, e.At.Nanoseconds),
            GpioEventKind.LongPress => new ReadTextCommand(Origin, e.At.Nanoseconds),
            _ => null,
        };
        if (request is not null)
        {
            LogRequest(logger, e.Kind, request.Feature);
        }
        return request;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gpio: {Kind}: {Feature}")]
    private static partial void LogRequest(ILogger logger, GpioEventKind kind, string feature);
}
