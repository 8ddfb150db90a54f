namespace EdgeRuntime.Inference.Manifest;

/// <summary>
/// Another build of the same model shipped beside the default file (the INT8 candidate beside a float model, or the
/// float model beside a shipped INT8 one): same inputs and outputs, so a board profile may pick it
/// (<c>Cascade:Models:*Precision</c>) after <c>edge models bench</c> measured it there.
/// </summary>
public sealed class ModelVariant
{
    /// <summary>float32 or int8.</summary>
    public string Precision { get; set; } = "";

    /// <summary>File name relative to models-quantized/.</summary>
    public string File { get; set; } = "";

    /// <summary>Lower-case hex sha256 of the file.</summary>
    public string Sha256 { get; set; } = "";
}
