using System.Threading.Channels;

namespace EdgeRuntime.Core.Events.Commands;

/// <summary>
/// Where validated commands come from (the MQTT publisher's <c>&lt;prefix&gt;/+/set</c> subscription; the console
/// sink has none). One reader: the cascade scheduler reads <see cref="Commands"/> and reacts.
/// </summary>
public interface ICommandSource
{
    /// <summary>Validated commands in arrival order; completes when the source is disposed.</summary>
    ChannelReader<EdgeCommand> Commands { get; }
}
