namespace EdgeRuntime.Testing;

/// <summary>The real models tools/bootstrap.d/20-models.sh fetches into .deps/models/ (pinned npm packages, sha256-checked).</summary>
public static class TestModels
{
    /// <summary>silero VAD v5: input[batch,samples] float32, state[2,batch,128], sr int64 scalar → output[batch,1], stateN.</summary>
    public static string SileroVad => Require("silero-vad", "silero_vad_v5.onnx");

    /// <summary>PaddleOCR PP-OCRv4 DB text detector, x[N,3,H,W] → probability map [N,1,H,W].</summary>
    public static string OcrDetector => Require("ppocr", "det.onnx");

    /// <summary>PaddleOCR PP-OCRv4 CTC recognizer, x[N,3,48,W] → [N,W/8,6625].</summary>
    public static string OcrRecognizer => Require("ppocr", "rec.onnx");

    /// <summary>PaddleOCR text orientation classifier, x[N,3,48,192] → [N,2].</summary>
    public static string OcrClassifier => Require("ppocr", "cls.onnx");

    /// <summary>The recognizer's dictionary, one character a line.</summary>
    public static string OcrDictionary => Require("ppocr", "ppocr_keys_v1.txt");

    private static string Require(string folder, string file)
    {
        var path = Repo.Path(".deps", "models", folder, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run tools/bootstrap.sh", path);
    }
}
