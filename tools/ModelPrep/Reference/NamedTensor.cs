namespace EdgeRuntime.ModelPrep.Reference;

/// <summary>A float tensor read back from a runner, with its shape.</summary>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Data);
