using EdgeRuntime.Core.Events.Commands;

namespace EdgeRuntime.Daemon.Hosting;

/// <summary>
/// Mute if unmuted, unmute if muted: the standard-input <c>m</c> request, which, unlike the MQTT <c>mute</c> command,
/// does not say which. The cascade's dispatcher knows the current state and turns it into a <see cref="MuteCommand"/>.
/// </summary>
/// <param name="Origin">Where it came from (<c>cli</c>).</param>
/// <param name="ReceivedAt">Monotonic ns when it was received.</param>
internal sealed record MuteToggleCommand(string Origin, long ReceivedAt) : EdgeCommand(Origin, ReceivedAt)
{
    /// <inheritdoc />
    public override string Feature => CommandFeatures.Mute;
}
