namespace EdgeRuntime.Core.Configuration;

/// <summary>One rejected configuration value: the full key (<c>Mqtt:Port</c>), the value given, and what is allowed.</summary>
public sealed record ConfigError(string Key, string? Value, string Allowed)
{
    /// <inheritdoc />
    public override string ToString() =>
        Value is null ? $"{Key}: {Allowed}" : $"{Key} = '{Value}': {Allowed}";
}
