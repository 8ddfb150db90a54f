namespace EdgeRuntime.Inference.Models;

/// <summary>
/// A model could not be loaded, checked or run with the input it was given. The message names the model, the input
/// or output concerned, what was expected and what was given; the process is left in a usable state.
/// </summary>
public sealed class OrtModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrtModelException(OrtErrorCode code, string model, string? tensor, string expected, string given, Exception? inner = null)
        : base(Format(code, model, tensor, expected, given, inner), inner)
    {
        Code = code;
        Model = model;
        Tensor = tensor;
        Expected = expected;
        Given = given;
    }

    /// <summary>The ONNX Runtime error code (from ONNX Runtime, or the one that fits a check of ours).</summary>
    public OrtErrorCode Code { get; }

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>The input or output concerned, or null for the model as a whole.</summary>
    public string? Tensor { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }

    /// <summary>What was given.</summary>
    public string Given { get; }

    private static string Format(OrtErrorCode code, string model, string? tensor, string expected, string given, Exception? inner) =>
        $"ONNX Runtime {code}: model '{model}'{(tensor is null ? "" : $", '{tensor}'")}: expected {expected}, given {given}" +
        (inner is null ? "" : $" ({inner.Message})");
}
