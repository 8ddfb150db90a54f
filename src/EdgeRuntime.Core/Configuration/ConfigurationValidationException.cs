namespace EdgeRuntime.Core.Configuration;

/// <summary>Thrown at start-up when one or more configuration values are invalid; lists every error at once.</summary>
public sealed class ConfigurationValidationException : Exception
{
    /// <summary>Creates the exception from the collected errors.</summary>
    public ConfigurationValidationException(IReadOnlyList<ConfigError> errors)
        : base(Format(errors)) => Errors = errors;

    /// <summary>Every rejected value, in the order they were read.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Format(IReadOnlyList<ConfigError> errors) =>
        "invalid configuration:" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
