namespace EdgeRuntime.ModelPrep.Reference;

/// <summary>A tensor passed to or read back from a runner: float32 data, or int64 data when <see cref="Int64Data"/> is set.</summary>
internal sealed record NamedTensor(string Name, int[] Shape, float[] Data)
{
    public long[]? Int64Data { get; init; }

    /// <summary>The runner's element type name (float32, int64, bool...); outputs of other types arrive converted to float.</summary>
    public string Type { get; init; } = "float32";

    public static NamedTensor Int64(string name, int[] shape, long[] values) => new(name, shape, []) { Int64Data = values, Type = "int64" };
}
