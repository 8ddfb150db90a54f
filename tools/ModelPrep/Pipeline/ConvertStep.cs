using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Tfjs;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>convert: TF.js graph models to ONNX (float32), ONNX sources copied as they are; optional check against TF.js.</summary>
internal static class ConvertStep
{
    /// <summary>The reference images of the agreement check: one per model is enough for CI, all for a full run.</summary>
    public static readonly string[] ReferenceImages = ["/usr/share/doc/opencv-doc/examples/data/messi5.jpg", "/usr/lib/python3/dist-packages/skimage/data/astronaut.png"];

    public static void Run(PrepContext context, bool verify)
    {
        foreach (var recipe in context.Recipes)
        {
            var files = context.SourceFiles(recipe);
            var output = context.Paths.FloatModel(recipe.Name);
            var source = context.Sources.Get(recipe.Source);
            if (source.Format == "tfjs-graph")
            {
                var modelJson = files.First(f => f.EndsWith(".json", StringComparison.Ordinal));
                var model = TfjsConverter.Convert(TfjsReader.Read(modelJson), new ConvertOptions(recipe.InputName, recipe.Outputs, recipe.Name));
                OnnxFile.Save(model, output);
                context.Log($"converted {recipe.Name}: {model.Graph.Node.Count} ONNX nodes, {model.Graph.Initializer.Count} initializers -> {output}");
                if (verify) Verify(context, recipe, modelJson, output);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(output)!);
                File.Copy(files.First(f => f.EndsWith(".onnx", StringComparison.Ordinal)), output, overwrite: true);
                context.Log($"copied {recipe.Name} (already ONNX) -> {output}");
            }
        }
    }

    private static void Verify(PrepContext context, ModelRecipe recipe, string modelJson, string onnx)
    {
        if (!context.Node.Available) throw new InvalidOperationException($"reference check needs node deps in {context.Paths.ReferenceDir} (run tools/bootstrap.sh)");
        using var inference = context.CreateInference();
        var images = ReferenceImages.Where(File.Exists).ToList();
        var agreements = context.WithProgress($"checking {recipe.Name} against TF.js", progress =>
            images.Select((image, i) =>
            {
                // TF.js's pure JS CPU backend takes seconds a run: the long part.
                progress(Path.GetFileName(image), (double)i / images.Count);
                return ReferenceCheck.Run(recipe, modelJson, onnx, image, context.Node, inference, context.Paths.Scratch(recipe.Name + "-reference"));
            }).ToList());
        foreach (var agreement in agreements)
        {
            context.Log((agreement.Agrees ? "agrees: " : "DISAGREES: ") + agreement);
            if (!agreement.Agrees) throw new InvalidDataException($"{recipe.Name}: converted model disagrees with TF.js: {agreement}");
        }
    }
}
