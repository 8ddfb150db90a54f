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
        PruneL1Ratio = 0.1f,
        Quantize = true,
        ActivationsUInt8 = true,
        Calibration = "percentile",
        Percentile = 99.99,
        // The post-processing tail (peak picking, TopK, box assembly in pixels) stays float: it is cheap, and
        // quantizing the heatmap before the 3x3 max-pool equality test merges neighbouring peaks.
        ExcludeNodes = ["tower_0/mul", "tower_0/mul_1", "tower_0/mul_3", "tower_0/mul_4", "tower_0/mul_5", "tower_0/mul_6", "tower_0/add_1", "tower_0/add_2", "tower_0/concat_1"],
        Target = 0.95,
        Labels = CocoLabels.All,
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
    };

    public static IReadOnlyList<ModelRecipe> All { get; } = [CenterNet, BlazeFace];

    public static ModelRecipe Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"no recipe named '{name}'; known: {string.Join(", ", All.Select(r => r.Name))}");
}
