using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// Writes <c>edge doctor</c>'s results: one line per check, <c>ok  check: found</c> or
/// <c>FAIL check: what is wrong — what to do</c> (grep <c>^FAIL</c> for what needs doing), then a count; or one JSON
/// document (<c>--json</c>).
/// </summary>
internal static class DoctorReport
{
    /// <summary>The separator between what is wrong and what to do.</summary>
    public const string FixSeparator = " — ";

    /// <summary>One text line for a result.</summary>
    public static string Line(CheckResult result) => result.Ok
        ? $"ok   {result.Check}: {result.Found}"
        : $"FAIL {result.Check}: {result.Found}{FixSeparator}{result.Fix}";

    /// <summary>The closing count.</summary>
    public static string Summary(IReadOnlyList<CheckResult> results)
    {
        var failed = results.Count(r => !r.Ok);
        return failed == 0 ? $"doctor: all {results.Count} checks passed" : $"doctor: {failed} of {results.Count} checks failed";
    }

    // Paths and quotes stay readable ('/dev/video0', not \u0027): the document is for people and scripts, never for HTML.
    private static readonly DoctorJson s_json = new(new JsonSerializerOptions(DoctorJson.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The JSON document: <c>{"ok": bool, "checks": [{"check", "ok", "found", "fix"}]}</c>.</summary>
    public static string Json(IReadOnlyList<CheckResult> results) =>
        JsonSerializer.Serialize(new DoctorJsonReport(results.All(r => r.Ok), [.. results]), s_json.DoctorJsonReport);
}

/// <summary>The JSON shape of a doctor run.</summary>
internal sealed record DoctorJsonReport(bool Ok, List<CheckResult> Checks);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DoctorJsonReport))]
internal sealed partial class DoctorJson : JsonSerializerContext;
