using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRuntime.Daemon.Bench;

/// <summary>
/// Writes the bench's choices into a board profile (hardware/profiles/NAME.json or any settings file):
/// <c>Cascade:Models:&lt;Role&gt;Precision</c> per measured model, every other setting of an existing file kept.
/// </summary>
internal static class BenchProfile
{
    public static void Write(string path, IEnumerable<BenchResult> results)
    {
        JsonObject root;
        if (File.Exists(path))
        {
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                    ?? throw new InvalidDataException($"{path}: not a JSON object");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e);
            }
        }
        else
        {
            root = [];
        }
        var models = Child(Child(root, "Cascade"), "Models");
        foreach (var r in results.Where(r => r.Role is not null))
        {
            models[r.Role + "Precision"] = r.Choice;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using (var stream = File.Create(path))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
        }
        File.AppendAllText(path, "\n");
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }
}
