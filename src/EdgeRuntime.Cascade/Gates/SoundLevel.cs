using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>The level of one audio hop and the gate's verdict.</summary>
/// <param name="Timestamp">Sensor timestamp of the hop's first sample.</param>
/// <param name="Rms">Root mean square of the samples (full scale = 1).</param>
/// <param name="Dbfs">20·log10(RMS), floored at −120.</param>
/// <param name="NoiseFloorDbfs">The tracked noise floor when this hop was scored.</param>
/// <param name="Open">True when the hop (or one within the hangover) was loud enough to wake tier 1.</param>
public readonly record struct SoundLevel(Timestamp Timestamp, float Rms, float Dbfs, float NoiseFloorDbfs, bool Open);
