namespace EdgeRuntime.ModelPrep.Onnx;

/// <summary>ONNX TensorProto.DataType values the tool produces (numbers from the ONNX specification).</summary>
internal enum ElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
}
