using EdgeRuntime.Inference.Agreement;
using RgbImage = EdgeRuntime.ModelPrep.Data.RgbImage;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Inference;

namespace EdgeRuntime.ModelPrep.Validation;

/// <summary>The models of one OCR pipeline run: detector, recognizer and the recognizer's dictionary.</summary>
internal sealed record OcrModels(string Detector, string Recognizer, string Dictionary);

/// <summary>Character agreement of a candidate OCR pipeline with the float one, over the held-out text images.</summary>
internal sealed record OcrAgreement(double Agreement, int EditDistance, int FloatChars, int CandidateChars, int Images, int FloatRegions);

/// <summary>
/// Runs det → rec with the daemon's own encoders (<see cref="TextDetector"/>, <see cref="TextRecognizer"/>) and compares
/// the transcripts: every region's text in reading order, one line per region, all images concatenated.
/// </summary>
internal static class OcrValidation
{
    /// <summary>Compares the transcripts; writes both into <paramref name="scratch"/> (float.txt, candidate.txt) to read the differences.</summary>
    public static OcrAgreement Run(IInference inference, OcrModels reference, OcrModels candidate, IReadOnlyList<RgbImage> images, string scratch)
    {
        var (a, regions) = Transcript(inference, reference, images);
        var (b, _) = Transcript(inference, candidate, images);
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "float.txt"), a);
        File.WriteAllText(Path.Combine(scratch, "candidate.txt"), b);
        return new OcrAgreement(CharacterAgreement.Of(a, b), CharacterAgreement.EditDistance(a, b), a.Length, b.Length, images.Count, regions);
    }

    public static (string Text, int Regions) Transcript(IInference inference, OcrModels models, IReadOnlyList<RgbImage> images)
    {
        using var det = inference.Load(models.Detector, 2);
        using var rec = inference.Load(models.Recognizer, 2);
        using var detector = new TextDetector(det);
        using var recognizer = new TextRecognizer(rec, CtcGreedyDecoder.FromDictionaryFile(models.Dictionary));
        return OcrTranscript.Of(detector, recognizer, images.Select(i => new EdgeRuntime.Inference.Agreement.RgbImage(i.Rgb, i.Width, i.Height)));
    }

    /// <summary>The recognizer inputs of every region the float detector finds (calibration data for the recognizer).</summary>
    public static IReadOnlyList<IReadOnlyList<Reference.NamedTensor>> RecognizerInputs(IInference inference, string floatDetector, string inputName, IReadOnlyList<RgbImage> images, int maxRegions)
    {
        using var det = inference.Load(floatDetector, 2);
        using var detector = new TextDetector(det);
        var result = new List<IReadOnlyList<Reference.NamedTensor>>();
        // An equal share per image, so one dense page does not crowd out the signs and the blurred text.
        var perImage = Math.Max(1, maxRegions / Math.Max(1, images.Count));
        foreach (var image in images)
        {
            var boxes = detector.Detect(image.Rgb, image.Width, image.Height).ToArray();
            var step = Math.Max(1, boxes.Length / perImage);
            for (var i = 0; i < boxes.Length && i / step < perImage; i += step) result.Add(OcrImages.RecognizerInput(image, boxes[i], inputName));
        }
        return result;
    }
}
