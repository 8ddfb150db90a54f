using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Onnx;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;
using EdgeRuntime.ModelPrep.Reference;
using EdgeRuntime.ModelPrep.Tfjs;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The converted detectors agree with the TF.js originals (pure JS CPU backend) on a real photo.</summary>
public sealed class ReferenceAgreementTests
{
    public static TheoryData<string> Models() => ["centernet", "blazeface"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Converted_model_matches_tfjs_outputs_and_detections_on_a_real_photo(string name)
    {
        var recipe = Catalog.Get(name);
        using var work = Repo.TempDir("modelprep-reference");
        var context = Prep.Context(work.Path, null, recipe);
        Assert.True(context.Node.Available, "tools/bootstrap.sh installs the Node reference runners");
        var modelJson = context.SourceFiles(recipe).First(f => f.EndsWith(".json", StringComparison.Ordinal));
        var onnxPath = Path.Combine(work.Path, name + ".onnx");
        OnnxFile.Save(TfjsConverter.Convert(TfjsReader.Read(modelJson), new ConvertOptions(recipe.InputName, recipe.Outputs, name)), onnxPath);

        var image = ConvertStep.ReferenceImages[0];
        var input = ImageLoader.Input(recipe, image);
        var tf = Decoding.RecipeDecoder.FromTf(recipe, context.Node.RunTfjs(modelJson, input, Path.Combine(work.Path, "tfjs"), recipe.Outputs.Select(o => o.Tf)));
        using var inference = new OrtInference();
        var onnx = inference.Run(onnxPath, 1, [new NamedTensor(recipe.InputName, [1, recipe.InputHeight, recipe.InputWidth, 3], input)]).Outputs;
        var agreement = ReferenceCheck.Compare(recipe, image, tf, onnx);

        Assert.True(agreement.OutputsAgree, agreement.ToString());
        Assert.True(agreement.ReferenceDetections > 0, $"the photo should hold at least one detection: {agreement}");
        Assert.Equal(agreement.ReferenceDetections, agreement.ConvertedDetections);
        Assert.Equal(agreement.ReferenceDetections, agreement.Matched);
        Assert.True(agreement.MinMatchedIoU >= 0.95f, agreement.ToString());
    }
}
