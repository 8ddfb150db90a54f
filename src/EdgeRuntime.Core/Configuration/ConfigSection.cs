using System.Globalization;

namespace EdgeRuntime.Core.Configuration;

/// <summary>Typed accessors for one configuration section; each failed check is recorded on the owning <see cref="ConfigReader"/>.</summary>
public readonly struct ConfigSection
{
    private readonly ConfigReader _reader;

    internal ConfigSection(ConfigReader reader, string path)
    {
        _reader = reader;
        Path = path;
    }

    /// <summary>The section's full path, e.g. <c>Mqtt:Tls</c>.</summary>
    public string Path { get; }

    /// <summary>A nested section.</summary>
    public ConfigSection Section(string name) => _reader.Section(Key(name));

    /// <summary>The full key for <paramref name="name"/> in this section.</summary>
    public string Key(string name) => Path + ":" + name;

    /// <summary>Records an error on a key of this section.</summary>
    public void Error(string name, string? value, string allowed) => _reader.AddError(Key(name), value, allowed);

    /// <summary>A string; empty strings are returned as given unless <paramref name="required"/>.</summary>
    public string GetString(string name, string defaultValue, bool required = false)
    {
        var raw = _reader.Raw(Key(name));
        if (required && string.IsNullOrWhiteSpace(raw ?? defaultValue))
        {
            Error(name, raw, "a non-empty value is required");
        }
        return raw ?? defaultValue;
    }

    /// <summary>A string restricted to <paramref name="allowed"/> (case-insensitive); returns the canonical spelling.</summary>
    public string GetChoice(string name, string defaultValue, params string[] allowed)
    {
        var raw = _reader.Raw(Key(name));
        if (raw is null)
        {
            return defaultValue;
        }
        foreach (var a in allowed)
        {
            if (string.Equals(a, raw.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }
        Error(name, raw, "one of " + string.Join(", ", allowed));
        return defaultValue;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int GetInt(string name, int defaultValue, int min, int max) =>
        (int)GetLong(name, defaultValue, min, max);

    /// <summary>A 64-bit integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long GetLong(string name, long defaultValue, long min, long max)
    {
        var raw = _reader.Raw(Key(name));
        if (raw is null)
        {
            return defaultValue;
        }
        if (!long.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(name, raw, $"an integer from {min} to {max}");
            return defaultValue;
        }
        return value;
    }

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double GetDouble(string name, double defaultValue, double min, double max)
    {
        var raw = _reader.Raw(Key(name));
        if (raw is null)
        {
            return defaultValue;
        }
        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value < min || value > max)
        {
            Error(name, raw, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return defaultValue;
        }
        return value;
    }

    /// <summary>A boolean: true/false, yes/no, on/off, 1/0.</summary>
    public bool GetBool(string name, bool defaultValue)
    {
        var raw = _reader.Raw(Key(name));
        switch (raw?.Trim().ToLowerInvariant())
        {
            case null: return defaultValue;
            case "true" or "yes" or "on" or "1": return true;
            case "false" or "no" or "off" or "0": return false;
            default:
                Error(name, raw, "true or false");
                return defaultValue;
        }
    }

    /// <summary>
    /// A duration: a number with a unit (<c>250ms</c>, <c>2s</c>, <c>5m</c>, <c>1h</c>) or a plain number of seconds,
    /// in [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public TimeSpan GetDuration(string name, TimeSpan defaultValue, TimeSpan min, TimeSpan max)
    {
        var raw = _reader.Raw(Key(name));
        if (raw is null)
        {
            return defaultValue;
        }
        if (!TryParseDuration(raw, out var value) || value < min || value > max)
        {
            Error(name, raw, $"a duration such as 250ms, 2s or 5m, from {Format(min)} to {Format(max)}");
            return defaultValue;
        }
        return value;
    }

    /// <summary>A list, given either as indexed children (<c>Key:0</c>, <c>Key:1</c>) or as one comma-separated value.</summary>
    public IReadOnlyList<string> GetList(string name, IReadOnlyList<string> defaultValue)
    {
        var section = _reader.RawSection(Key(name));
        if (section.Value is { } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var children = section.GetChildren().Where(c => c.Value is not null).Select(c => c.Value!).ToArray();
        return children.Length > 0 ? children : defaultValue;
    }

    /// <summary>A file path that, when given, must exist; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public string? GetExistingFile(string name, string baseDirectory)
    {
        var raw = _reader.Raw(Key(name));
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var full = System.IO.Path.GetFullPath(raw, baseDirectory);
        if (!File.Exists(full))
        {
            Error(name, raw, $"an existing file (not found: {full})");
            return null;
        }
        return full;
    }

    /// <summary>Parses <c>250ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c> or a plain number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        var s = text.Trim().ToLowerInvariant();
        (string unit, double scale)[] units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];
        var factor = 1.0;
        foreach (var (unit, scale) in units)
        {
            if (s.EndsWith(unit, StringComparison.Ordinal) && (unit != "s" || !s.EndsWith("ms", StringComparison.Ordinal)))
            {
                s = s[..^unit.Length].Trim();
                factor = scale;
                break;
            }
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0)
        {
            value = TimeSpan.FromSeconds(number * factor);
            return true;
        }
        value = default;
        return false;
    }

    private static string Format(TimeSpan t) =>
        t.TotalSeconds < 1 ? $"{t.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms" : $"{t.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
}
