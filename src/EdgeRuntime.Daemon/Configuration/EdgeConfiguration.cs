using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Core.Hosting;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Daemon.Configuration;

/// <summary>Where configuration comes from for one invocation of <c>edge</c>.</summary>
/// <param name="Home">The EdgeRuntime home folder (config/, hardware/profiles/).</param>
/// <param name="ConfigFile">An extra JSON file given with <c>--config</c>, layered over appsettings.json.</param>
/// <param name="Profile">A hardware profile name, read from <c>hardware/profiles/NAME.json</c>.</param>
/// <param name="Overrides">Command-line <c>--set Key=Value</c> pairs, highest precedence.</param>
/// <param name="Environment">Environment variables; only those starting with <c>EDGE_</c> are used.</param>
internal sealed record ConfigurationSources(
    string Home,
    string? ConfigFile,
    string? Profile,
    IReadOnlyList<string> Overrides,
    IReadOnlyDictionary<string, string?> Environment);

/// <summary>Builds the layered configuration: appsettings.json, profile, --config file, EDGE_ variables, --set.</summary>
internal static class EdgeConfiguration
{
    public const string EnvironmentPrefix = "EDGE_";

    /// <summary>Layers every source; a missing file or a malformed <c>--set</c> is a <see cref="ConfigurationValidationException"/>.</summary>
    public static IConfigurationRoot Build(ConfigurationSources sources)
    {
        var errors = new List<ConfigError>();
        var builder = new ConfigurationBuilder();

        var appsettings = Path.Combine(sources.Home, "config", "appsettings.json");
        if (File.Exists(appsettings))
        {
            builder.AddJsonFile(appsettings, optional: false, reloadOnChange: false);
        }

        if (!string.IsNullOrWhiteSpace(sources.Profile))
        {
            var profileDir = Path.Combine(sources.Home, "hardware", "profiles");
            var profileFile = Path.Combine(profileDir, sources.Profile + ".json");
            if (File.Exists(profileFile))
            {
                builder.AddJsonFile(profileFile, optional: false, reloadOnChange: false);
            }
            else
            {
                var known = Directory.Exists(profileDir)
                    ? string.Join(", ", Directory.EnumerateFiles(profileDir, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                    : "(none)";
                errors.Add(new ConfigError("--profile", sources.Profile, $"a profile in {profileDir}: {known}"));
            }
        }

        if (!string.IsNullOrWhiteSpace(sources.ConfigFile))
        {
            var full = Path.GetFullPath(sources.ConfigFile);
            if (File.Exists(full))
            {
                builder.AddJsonFile(full, optional: false, reloadOnChange: false);
            }
            else
            {
                errors.Add(new ConfigError("--config", sources.ConfigFile, $"an existing JSON file (not found: {full})"));
            }
        }

        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in sources.Environment)
        {
            // EDGE_HOME and EDGE_PROFILE select files; they are not settings.
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)
                && !name.Equals(EdgeHome.EnvironmentVariable, StringComparison.OrdinalIgnoreCase)
                && !name.Equals("EDGE_PROFILE", StringComparison.OrdinalIgnoreCase))
            {
                fromEnvironment[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }
        builder.AddInMemoryCollection(fromEnvironment);

        var fromCommandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in sources.Overrides)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                errors.Add(new ConfigError("--set", pair, "KEY=VALUE, e.g. Mqtt:Host=localhost"));
                continue;
            }
            fromCommandLine[pair[..eq].Trim()] = pair[(eq + 1)..];
        }
        builder.AddInMemoryCollection(fromCommandLine);

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            errors.Add(new ConfigError("configuration file", null, e.Message + (e.InnerException is { } inner ? " " + inner.Message : "")));
            throw new ConfigurationValidationException(errors);
        }
        if (errors.Count > 0)
        {
            throw new ConfigurationValidationException(errors);
        }
        return root;
    }
}
