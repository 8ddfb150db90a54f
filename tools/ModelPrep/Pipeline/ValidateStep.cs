using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Validation;

namespace EdgeRuntime.ModelPrep.Pipeline;

/// <summary>validate: each shipped model (models-quantized/NAME.onnx) against its float original, on held-out data.</summary>
internal static class ValidateStep
{
    public static void Run(PrepContext context, IInference inference)
    {
        var manifest = ModelManifest.Load(Path.Combine(context.Paths.Output, ModelManifest.FileName));
        var failures = context.WithProgress("validate", progress =>
        {
            var failed = new List<string>();
            for (var i = 0; i < context.Recipes.Count; i++)
            {
                var recipe = context.Recipes[i];
                progress(recipe.Name, (double)i / context.Recipes.Count);
                var entry = manifest.Get(recipe.Name);
                var check = manifest.Verify(entry);
                if (!check.Ok)
                {
                    failed.Add($"{recipe.Name}: {check.Detail}");
                    continue;
                }
                var result = AgreementCheck.Run(inference, context.Paths, recipe, context.Paths.FloatModel(recipe.Name), manifest.PathOf(entry));
                context.Log((result.MeetsTarget ? "ok   " : "FAIL ") + result);
                if (!result.MeetsTarget) failed.Add(result.ToString());
            }
            return failed;
        });
        if (failures.Count > 0) throw new InvalidDataException($"{failures.Count} model(s) below target: {string.Join("; ", failures)}");
    }
}
