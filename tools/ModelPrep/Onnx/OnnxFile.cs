using EdgeRuntime.ModelPrep.Onnx.Proto;
using Google.Protobuf;

namespace EdgeRuntime.ModelPrep.Onnx;

/// <summary>Reads and writes .onnx files through the minimal schema in onnx-minimal.proto.</summary>
internal static class OnnxFile
{
    public static ModelProto Load(string path)
    {
        using var stream = File.OpenRead(path);
        var input = new CodedInputStream(stream);
        try
        {
            return ModelProto.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model: {e.Message}", e);
        }
    }

    /// <summary>Writes the model; the bytes depend only on the message, so equal models give equal files.</summary>
    public static void Save(ModelProto model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, model.ToByteArray());
        File.Move(tmp, path, overwrite: true);
    }
}
