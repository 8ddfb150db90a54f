using System.Text.Json.Serialization;

namespace EdgeRuntime.Core.Events;

/// <summary>
/// Source-generated JSON for every payload (no reflection, NativeAOT-clean): snake_case names as Frigate uses,
/// compact, nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(EdgeEvent))]
[JsonSerializable(typeof(SceneDescription))]
[JsonSerializable(typeof(CascadeDecision))]
[JsonSerializable(typeof(PipelineStats))]
[JsonSerializable(typeof(OutputStats))]
[JsonSerializable(typeof(DistanceState))]
public sealed partial class EventJsonContext : JsonSerializerContext;
