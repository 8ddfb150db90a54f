using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Core.Configuration;

/// <summary>
/// Reads typed, range-checked values out of an <see cref="IConfiguration"/> and collects every error
/// (key, value, what is allowed) instead of stopping at the first. Reflection-free, so it is NativeAOT-clean,
/// unlike the reflection-based configuration binder.
/// </summary>
/// <remarks>
/// Every key read is remembered, so <see cref="ThrowIfInvalid"/> can also reject keys nobody reads inside
/// a section that was read: a typo such as <c>Mqtt:Hots</c> is an error, not a silently ignored setting.
/// </remarks>
public sealed class ConfigReader
{
    private readonly IConfiguration _root;
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<string> _readKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _readSections = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wraps a configuration root.</summary>
    public ConfigReader(IConfiguration root) => _root = root;

    /// <summary>The errors collected so far.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>A reader for the section at <paramref name="path"/> (e.g. <c>Mqtt</c> or <c>Mqtt:Tls</c>).</summary>
    public ConfigSection Section(string path)
    {
        _readSections.Add(path);
        return new ConfigSection(this, path);
    }

    /// <summary>Records an error found by a cross-field check after the values were read.</summary>
    public void AddError(string key, string? value, string allowed) => _errors.Add(new ConfigError(key, value, allowed));

    /// <summary>
    /// Records an error for every top-level section that no <see cref="Section"/> call read: with every section of the
    /// root read, a misspelt one (<c>Mqqt:Host</c>) would otherwise be silently ignored. Call before <see cref="ThrowIfInvalid"/>.
    /// </summary>
    public void RejectUnknownSections()
    {
        var sections = _readSections.Select(s => s.Split(':')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in _root.GetChildren())
        {
            if (!sections.Contains(child.Key))
            {
                var (key, value) = child.AsEnumerable(makePathsRelative: false).FirstOrDefault(e => e.Value is not null);
                AddError(key ?? child.Key, value, $"unknown section {child.Key}; known sections: {string.Join(", ", sections.Order(StringComparer.Ordinal))}");
            }
        }
    }

    /// <summary>Throws <see cref="ConfigurationValidationException"/> if any value or key was rejected.</summary>
    public void ThrowIfInvalid()
    {
        // A key under a nested section (Onnx:TensorRT) is also under its parent (Onnx): report it once.
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in _readSections)
        {
            foreach (var (key, value) in _root.GetSection(section).AsEnumerable(makePathsRelative: false))
            {
                if (value is null || _readKeys.Contains(key) || IsUnderReadList(key) || !reported.Add(key))
                {
                    continue;
                }
                var known = string.Join(", ", _readKeys
                    .Where(k => k.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
                    .Select(k => k[(section.Length + 1)..])
                    .Order(StringComparer.Ordinal));
                AddError(key, value, $"unknown key; known keys in {section}: {known}");
            }
        }
        if (_errors.Count > 0)
        {
            throw new ConfigurationValidationException(_errors.ToArray());
        }
    }

    private bool IsUnderReadList(string key)
    {
        var colon = key.LastIndexOf(':');
        return colon > 0 && _readKeys.Contains(key[..colon]);
    }

    internal string? Raw(string key)
    {
        _readKeys.Add(key);
        return _root[key];
    }

    internal IConfigurationSection RawSection(string key)
    {
        _readKeys.Add(key);
        return _root.GetSection(key);
    }
}
