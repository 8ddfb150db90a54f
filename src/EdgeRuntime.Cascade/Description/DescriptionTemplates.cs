using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.Cascade.Description;

/// <summary>
/// Every word the describer can say, from the one resource file <c>Description/Templates.json</c> (embedded):
/// clause templates with <c>{placeholders}</c>, position phrases, number words, plurals and spoken names of labels.
/// </summary>
public sealed class DescriptionTemplates
{
    private readonly TemplateFile _file;

    private DescriptionTemplates(TemplateFile file) => _file = file;

    /// <summary>The templates shipped in the assembly.</summary>
    public static DescriptionTemplates Default { get; } = LoadEmbedded();

    /// <summary>Template by key (e.g. <c>object.one</c>); throws for an unknown key, which is a programming error.</summary>
    public string Clause(string key) => _file.Clauses.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException("no description template " + key);

    /// <summary>Position phrase by key (left, slightly-left, ahead, slightly-right, right, near, far).</summary>
    public string Position(string key) => _file.Positions[key];

    /// <summary>A count in words up to the table's end, digits beyond.</summary>
    public string Number(int n) => n >= 0 && n < _file.Numbers.Count ? _file.Numbers[n] : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How a label is said (e.g. <c>sports ball</c> → ball).</summary>
    public string Name(string label) => _file.Names.TryGetValue(label, out var n) ? n : label;

    /// <summary>Plural of a label as said.</summary>
    public string Plural(string label) => _file.Plurals.TryGetValue(label, out var p) ? p : Name(label) + "s";

    /// <summary>Every clause key (for tests that every template renders).</summary>
    public IEnumerable<string> ClauseKeys => _file.Clauses.Keys;

    /// <summary>Fills <c>{name}</c> placeholders and capitalizes the sentence.</summary>
    public static string Fill(string template, params (string Name, string Value)[] values)
    {
        var text = template;
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        if (text.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"template '{template}' has an unfilled placeholder: {text}");
        }
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static DescriptionTemplates LoadEmbedded()
    {
        var assembly = typeof(DescriptionTemplates).Assembly;
        using var stream = assembly.GetManifestResourceStream("EdgeRuntime.Cascade.Description.Templates.json")
                           ?? throw new InvalidOperationException("embedded resource Description/Templates.json is missing");
        var file = JsonSerializer.Deserialize(stream, TemplateJson.Default.TemplateFile)
                   ?? throw new InvalidDataException("Description/Templates.json is empty");
        return new DescriptionTemplates(file);
    }

    internal sealed record TemplateFile(
        Dictionary<string, string> Clauses,
        Dictionary<string, string> Positions,
        List<string> Numbers,
        Dictionary<string, string> Plurals,
        Dictionary<string, string> Names);
}

/// <summary>Reflection-free JSON for the template file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DescriptionTemplates.TemplateFile))]
internal sealed partial class TemplateJson : JsonSerializerContext;
