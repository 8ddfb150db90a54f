namespace EdgeRuntime.ModelPrep.Recipes;

/// <summary>The recipes of every model models-quantized/ ships, in pipeline order.</summary>
internal static class Catalog
{
    public static readonly ModelRecipe CenterNet = new()
    {
        Name = "centernet",
        Task = "object-detection",
        Source = "centernet",
        InputName = "images",
        Outputs = [("tower_0/keypoints", "heatmap"), ("tower_0/wh", "wh"), ("tower_0/detections", "detections")],
        InputWidth = 512,
        InputHeight = 512,
        Scale = 1f,
        Offset = 0f,
        Prune = true,
        // L1 ratio 0: the dead channels go (exactly); no L1 ratio tried keeps the pruned float model at recall >= 0.98
        // of the float detections on the held-out images without fine-tuning: 0.01 (37 channels, means folded) gives
        // 0.884, 0.1 gives 0.349 (docs/models.md, Pruning). --prune-ratio overrides it.
        PruneL1Ratio = 0f,
        PruneCompensate = true,
        Quantize = true,
        ActivationsUInt8 = true,
        Calibration = "percentile",
        Percentile = 99.999,
        // The post-processing tail (peak picking, TopK, box assembly in pixels) stays float: it is cheap, and
        // quantizing the heatmap before the 3x3 max-pool equality test merges neighbouring peaks.
        ExcludeNodes = ["tower_0/mul", "tower_0/mul_1", "tower_0/mul_3", "tower_0/mul_4", "tower_0/mul_5", "tower_0/mul_6", "tower_0/add_1", "tower_0/add_2", "tower_0/concat_1"],
        Target = 0.95,
        Labels = CocoLabels.All,
        Normalization = "RGB, value = pixel (0..255), no mean/std",
    };

    public static readonly ModelRecipe BlazeFace = new()
    {
        Name = "blazeface",
        Task = "face-detection",
        Source = "blazeface",
        InputName = "input",
        Outputs = [("Identity", "scores16"), ("Identity_2", "boxes16"), ("Identity_1", "scores8"), ("Identity_3", "boxes8")],
        InputWidth = 256,
        InputHeight = 256,
        Scale = 1f / 127.5f,
        Offset = -1f,
        Quantize = true,
        ActivationsUInt8 = true,
        Calibration = "minmax",
        // The score heads stay float: their logits span about ±300, and at 8 bits every logit within ±1 of the 0.5
        // decision threshold would round onto it.
        ExcludeNodes = ["StatefulPartitionedCall/functional_1/conv2d_33/BiasAdd", "StatefulPartitionedCall/functional_1/conv2d_34/BiasAdd"],
        Target = 0.95,
        ScoreThreshold = 0.5f,
        Labels = ["face"],
        Normalization = "RGB, value = pixel / 127.5 - 1",
    };

    public static readonly ModelRecipe SileroVad = new()
    {
        Name = "silero-vad",
        Task = "vad",
        Source = "silero-vad",
        Layout = "[batch, samples]",
        FixedInputs = [("input", [1, 512], false, 0), ("state", [2, 1, 128], false, 0), ("sr", [], true, 16000)],
        Normalization = "mono float32 PCM in -1..1 at 16 kHz, 512-sample chunks; state [2,1,128] carried between chunks; sr = 16000",
        Target = 0.97,
        Note = "shipped as the original float model: the recurrent (LSTM) model was not quantized in this round",
    };

    public static readonly ModelRecipe OcrDetection = new()
    {
        Name = "ppocr-det",
        Task = "text-detection",
        Source = "ppocr-det",
        Layout = "NCHW",
        FixedInputs = [("x", [1, 3, 640, 640], false, 0)],
        Normalization = "BGR, value = (pixel / 255 - mean) / std with mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225); H and W multiples of 32",
        Target = 0.98,
        Note = "shipped as the original float model: OCR INT8 quantization was not done in this round",
    };

    public static readonly ModelRecipe OcrRecognition = new()
    {
        Name = "ppocr-rec",
        Task = "text-recognition",
        Source = "ppocr-rec",
        Layout = "NCHW",
        FixedInputs = [("x", [1, 3, 48, 320], false, 0)],
        Normalization = "BGR, height 48, value = (pixel / 255 - 0.5) / 0.5; CTC over ppocr_keys_v1.txt (index 0 = blank, last = space)",
        Target = 0.98,
        Note = "shipped as the original float model: OCR INT8 quantization was not done in this round",
    };

    public static IReadOnlyList<ModelRecipe> All { get; } = [CenterNet, BlazeFace, SileroVad, OcrDetection, OcrRecognition];

    public static ModelRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"no recipe named '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}");
}
