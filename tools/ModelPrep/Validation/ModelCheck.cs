using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>The agreement of a candidate model with the float original, against the recipe's target.</summary>
internal sealed record AgreementResult(string Model, string Metric, double? Value, double Target, string Detail)
{
    public bool MeetsTarget => Value is { } v && v >= Target;

    public override string ToString() => Value is { } v
        ? $"{Model}: {Metric} {v:F3} {(MeetsTarget ? ">=" : "<")} target {Target:F2} ({Detail})"
        : $"{Model}: {Metric} not evaluated ({Detail})";
}

/// <summary>Measures agreement on the held-out validation images (calibration never sees them).</summary>
internal static class AgreementCheck
{
    public static string MetricOf(ModelRecipe recipe) => recipe.Task switch
    {
        "object-detection" or "face-detection" => $"recall of float detections (score >= {recipe.ScoreThreshold}) at IoU >= 0.5",
        "vad" => "frame-level speech/non-speech agreement",
        _ => "character agreement of transcripts",
    };

    /// <summary>
    /// The held-out inputs the agreement is measured on, as the manifest records them (<c>heldOut</c>) for
    /// <c>edge models bench</c>: photo paths from Debian packages, or the generated VAD audio relative to the home.
    /// </summary>
    public static IEnumerable<string> HeldOut(ModelRecipe recipe) => recipe.Task switch
    {
        "text-detection" or "text-recognition" => OcrImages.Validation,
        "vad" => [$".deps/modelprep/audio/{VadAudio.Validation.Name}.s16"],
        _ => ImageSets.Validation,
    };

    public static AgreementResult Run(IInference inference, Pipeline.PrepPaths paths, ModelRecipe recipe, string floatModel, string candidate)
    {
        var metric = MetricOf(recipe);
        if (Fetched(floatModel) == Fetched(candidate))
        {
            return new AgreementResult(recipe.Name, metric, 1.0, recipe.Target, "the float original itself (identical bytes)");
        }
        if (recipe.Task is "text-detection" or "text-recognition") return Ocr(inference, paths, recipe, candidate);
        if (recipe.Task == "vad")
        {
            var audio = VadAudio.Load(VadAudio.Validation, paths);
            var v = VadValidation.Run(inference, floatModel, candidate, audio);
            // The same audio quieter (a low-gain microphone): reported, not judged; quantized ranges are set by loud input.
            var quieter = string.Join(", ", new[] { 6, 20 }.Select(db =>
            {
                var gain = (float)Math.Pow(10, -db / 20.0);
                return $"{VadValidation.Run(inference, floatModel, candidate, [.. audio.Select(x => x * gain)]).Agreement:F3} at -{db} dB";
            }));
            return new AgreementResult(recipe.Name, metric, v.Agreement, recipe.Target,
                $"{v.Equal} of {v.Frames} 512-sample frames agree ({audio.Length / (double)VadAudio.SampleRate:F1} s of held-out audio, each model carrying its own state, " +
                $"speech = p >= {VadAgreement.Threshold}); speech frames: float {v.FloatSpeech}, candidate {v.CandidateSpeech}; the same audio quieter: {quieter}");
        }
        if (recipe.Task is not ("object-detection" or "face-detection"))
        {
            return new AgreementResult(recipe.Name, metric, null, recipe.Target, "no agreement check implemented for this task");
        }
        var images = ImageSets.Existing(ImageSets.Validation, 5);
        var perImage = DetectorValidation.PerImage(inference, recipe, floatModel, candidate, Samples.Images(recipe, images));
        var a = DetectorAgreement.Sum(perImage);
        // The figure again without the held-out images that have a near-duplicate in calibration (it is the judged one
        // only with them: see ImageSets.NearDuplicatesOfCalibration).
        var independent = DetectorAgreement.Sum(perImage.Where((_, i) => !ImageSets.NearDuplicatesOfCalibration.ContainsKey(images[i])));
        return new AgreementResult(recipe.Name, metric, a.Recall, recipe.Target,
            $"{a.Matched} of {a.FloatDetections} float detections matched on {a.Images} held-out images; the candidate reported {a.ShippedDetections}; " +
            $"without the {a.Images - independent.Images} near-duplicates of calibration images {independent.Recall:F3} ({independent.Matched} of {independent.FloatDetections})");
    }

    /// <summary>
    /// The candidate in the float pipeline: a detector candidate with the float recognizer, a recognizer candidate behind
    /// the float detector; each PP-OCR model is judged (and ships) on its own.
    /// </summary>
    private static AgreementResult Ocr(IInference inference, Pipeline.PrepPaths paths, ModelRecipe recipe, string candidate)
    {
        var reference = FloatOcr(paths);
        var pipeline = recipe.Task == "text-detection" ? reference with { Detector = candidate } : reference with { Recognizer = candidate };
        var images = OcrImages.LoadAll(OcrImages.Validation, 3);
        var a = OcrValidation.Run(inference, reference, pipeline, images, paths.Scratch(recipe.Name + "-validation"));
        return new AgreementResult(recipe.Name, MetricOf(recipe), a.Agreement, recipe.Target,
            $"edit distance {a.EditDistance} over {a.FloatChars} float transcript characters ({a.FloatRegions} regions) on {a.Images} held-out text images; " +
            $"the candidate {(recipe.Task == "text-detection" ? "detector with the float recognizer" : "recognizer behind the float detector")} read {a.CandidateChars}");
    }

    public static OcrModels FloatOcr(Pipeline.PrepPaths paths) => new(paths.FloatModel(Catalog.OcrDetection.Name), paths.FloatModel(Catalog.OcrRecognition.Name),
        Path.Combine(paths.SourceDir(Catalog.OcrRecognition.Name), "ppocr_keys_v1.txt"));

    private static string Fetched(string path) => Sources.Fetcher.Sha256Of(path);
}
