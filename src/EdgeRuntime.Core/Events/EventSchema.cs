namespace EdgeRuntime.Core.Events;

/// <summary>
/// The version of every JSON payload EdgeRuntime publishes (events, scene, stats, commands' state). Receivers check
/// <c>schema</c> and ignore payloads from a newer major version they do not understand.
/// </summary>
public static class EventSchema
{
    /// <summary>The current payload schema version. Bump it when a field changes meaning or is removed; adding a field does not.</summary>
    public const int Version = 1;
}
