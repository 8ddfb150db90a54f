using System.Diagnostics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Inference.Agreement;
using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Manifest;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;
using CascadeDetection = EdgeRuntime.Cascade.Detectors.Detection;

namespace EdgeRuntime.Daemon.Bench;

/// <summary>
/// Measures one model's float and INT8 files on this machine through the daemon's session setup (the runtime's
/// <c>Onnx</c> options, <c>Cascade:Models:Threads</c>) and the daemon's own detectors and encoders: INT8's agreement with
/// float on the manifest's held-out inputs (the metric tools/ModelPrep judges by, <see cref="EdgeRuntime.Inference.Agreement"/>),
/// then the latency of each, their runs interleaved so a load change hits both alike.
/// </summary>
internal sealed class ModelBench(OrtRuntime runtime, ModelManifest manifest, ModelLoadOptions load, int runs, string home)
{
    /// <summary>The score from which detections count, for float and INT8 alike (tools/ModelPrep's validation threshold).</summary>
    public const float DetectionScore = 0.3f;

    private delegate int DetectFn(ImageView image, Span<CascadeDetection> output);

    /// <summary>Whether the entry ships both a float and an INT8 file.</summary>
    public static bool HasInt8Pair(ModelEntry entry) =>
        entry.Precisions.Contains("float32", StringComparer.OrdinalIgnoreCase) && entry.Precisions.Contains("int8", StringComparer.OrdinalIgnoreCase);

    /// <summary>Agreement and latencies of <paramref name="entry"/>'s two files (choice and role are left for the caller).</summary>
    public (double Agreement, string Detail, LatencyStats Float, LatencyStats Int8, string Providers) Measure(ModelEntry entry)
    {
        var (present, missing) = HeldOutInputs.Resolve(entry.HeldOut ?? [], home);
        if (present.Count == 0)
        {
            throw new FileNotFoundException($"model {entry.Name}: none of its held-out inputs is on this machine ({(missing.Count == 0 ? "the manifest lists none" : string.Join(", ", missing.Take(3)))})");
        }
        using var f = Load(entry.WithPrecision("float32"));
        using var q = Load(entry.WithPrecision("int8"));
        var providers = string.Join(", ", q.Providers);
        return entry.Task switch
        {
            "object-detection" => Detectors(f, q, present, Objects, providers),
            "face-detection" => Detectors(f, q, present, Faces, providers),
            "vad" => Vad(f, q, present, providers),
            "text-detection" or "text-recognition" => Ocr(entry, f, q, present, providers),
            _ => throw new InvalidDataException($"model {entry.Name}: no agreement check for task '{entry.Task}'"),
        };
    }

    private OrtModel Load(ModelEntry file)
    {
        var check = manifest.Verify(file);
        if (!check.Ok)
        {
            throw new InvalidDataException($"model {file.Name} ({file.Precision}): {check.Detail}");
        }
        // No contract check against the entry, as the daemon's load does none: a variant may declare its shapes less
        // precisely (silero's float original says stateN [?,?,?] where the inlined INT8 graph says [2,?,128]).
        return runtime.Load(manifest.PathOf(file), load with { Name = $"{file.Name} ({file.Precision})" });
    }

    private (double, string, LatencyStats, LatencyStats, string) Detectors(OrtModel f, OrtModel q, List<string> items, Func<OrtModel, (IDisposable Owner, DetectFn Detect)> create, string providers)
    {
        var images = items.Select(HeldOutInputs.Image).ToList();
        var (a, detectA) = create(f);
        using var ownA = a;
        var (b, detectB) = create(q);
        using var ownB = b;
        var buffer = new CascadeDetection[256];
        List<Inference.Agreement.Detection> Run(DetectFn detect, RgbImage image)
        {
            var n = detect(View(image), buffer);
            return [.. buffer.Take(n).Select(d => new Inference.Agreement.Detection(d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.X + d.Box.W, d.Box.Y + d.Box.H))];
        }
        var agreement = DetectorAgreement.Sum(images.Select(image =>
        {
            var reference = Run(detectA, image);
            var candidate = Run(detectB, image);
            return new DetectorAgreement(reference.Count, DetectionMatch.Matched(reference, candidate, 0.5f), candidate.Count, 1);
        }));
        var (ta, tb) = Interleaved(i => detectA(View(images[i % images.Count]), buffer), i => detectB(View(images[i % images.Count]), buffer));
        return (agreement.Recall, $"{agreement.Matched} of {agreement.FloatDetections} float detections matched on {agreement.Images} held-out images " +
            $"(score >= {DetectionScore}, same label, IoU >= 0.5); INT8 reported {agreement.ShippedDetections}", ta, tb, providers);
    }

    private (double, string, LatencyStats, LatencyStats, string) Vad(OrtModel f, OrtModel q, List<string> items, string providers)
    {
        var audio = items.SelectMany(HeldOutInputs.Audio).ToArray();
        using var a = new SileroVadEncoder(f);
        using var b = new SileroVadEncoder(q);
        var v = VadAgreement.Of(VadAgreement.Probabilities(a, audio), VadAgreement.Probabilities(b, audio));
        var hops = Math.Max(1, audio.Length / SileroVadEncoder.HopSamples);
        var (ta, tb) = Interleaved(i => a.Process(Hop(audio, i % hops)), i => b.Process(Hop(audio, i % hops)));
        return (v.Agreement, $"{v.Equal} of {v.Frames} 512-sample frames agree (speech = p >= {VadAgreement.Threshold}, each model carrying its own state)", ta, tb, providers);
    }

    private (double, string, LatencyStats, LatencyStats, string) Ocr(ModelEntry entry, OrtModel f, OrtModel q, List<string> items, string providers)
    {
        var images = items.Select(HeldOutInputs.Image).ToList();
        var detecting = entry.Task == "text-detection";
        // The partner model always float: each PP-OCR model is judged on its own, as tools/ModelPrep does.
        var partnerEntry = manifest.Models.FirstOrDefault(m => m.Task == (detecting ? "text-recognition" : "text-detection"))
            ?? throw new InvalidDataException($"model {entry.Name}: the manifest has no {(detecting ? "text-recognition" : "text-detection")} model to read with");
        var recognizerEntry = detecting ? partnerEntry : entry;
        var dictionary = manifest.LabelsPathOf(recognizerEntry) ?? throw new InvalidDataException($"model {recognizerEntry.Name} names no labelsFile (the CTC dictionary)");
        using var partner = Load(partnerEntry.WithPrecision("float32"));
        var decoder = CtcGreedyDecoder.FromDictionaryFile(dictionary);
        using var floatDet = new TextDetector(detecting ? f : partner);
        using var floatRec = new TextRecognizer(detecting ? partner : f, decoder);
        using var candDet = new TextDetector(detecting ? q : partner);
        using var candRec = new TextRecognizer(detecting ? partner : q, decoder);
        var (reference, regions) = OcrTranscript.Of(floatDet, floatRec, images);
        var (candidate, _) = OcrTranscript.Of(candDet, candRec, images);
        var agreement = CharacterAgreement.Of(reference, candidate);
        var detail = $"edit distance {CharacterAgreement.EditDistance(reference, candidate)} over {reference.Length} float transcript characters ({regions} regions) " +
            $"on {images.Count} held-out text images, the {(detecting ? "recognizer" : "detector")} float";
        if (detecting)
        {
            var (ta, tb) = Interleaved(i => Detect(floatDet, images[i % images.Count]), i => Detect(candDet, images[i % images.Count]));
            return (agreement, detail, ta, tb, providers);
        }
        var lines = images.SelectMany(image => floatDet.Detect(image.Rgb, image.Width, image.Height).ToArray().Select(box => (image, box))).ToList();
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"model {entry.Name}: the float detector found no text line in the held-out images to time the recognizer on");
        }
        var (ra, rb) = Interleaved(i => Read(floatRec, lines[i % lines.Count]), i => Read(candRec, lines[i % lines.Count]));
        return (agreement, detail, ra, rb, providers);
    }

    private static (IDisposable, DetectFn) Objects(OrtModel model)
    {
        var d = new CenterNetDetector(model, DetectionScore);
        return (d, d.Detect);
    }

    private static (IDisposable, DetectFn) Faces(OrtModel model)
    {
        var d = new BlazeFaceDetector(model, DetectionScore);
        return (d, d.Detect);
    }

    private static int Detect(TextDetector detector, RgbImage image) => detector.Detect(image.Rgb, image.Width, image.Height).Length;

    private static int Read(TextRecognizer recognizer, (RgbImage Image, TextBox Box) line) =>
        recognizer.Recognize(line.Image.Rgb, line.Image.Width, line.Image.Height, line.Box).Text.Length;

    private static ImageView View(RgbImage image) => new(image.Rgb, image.Width, image.Height, image.Width * 3, PixelFormat.Rgb24);

    private static ReadOnlySpan<float> Hop(float[] audio, int i) => audio.AsSpan(i * SileroVadEncoder.HopSamples, Math.Min(SileroVadEncoder.HopSamples, audio.Length));

    /// <summary>
    /// Times <c>runs</c> calls of each, alternating float and INT8 so both see the same machine load; each has had a warm-up
    /// (the agreement pass ran every input through both).
    /// </summary>
    private (LatencyStats Float, LatencyStats Int8) Interleaved<TA, TB>(Func<int, TA> a, Func<int, TB> b)
    {
        var ta = new double[runs];
        var tb = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            a(i);
            ta[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            b(i);
            tb[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return (Stats(ta), Stats(tb));
    }

    private static LatencyStats Stats(double[] ms)
    {
        Array.Sort(ms);
        return new LatencyStats(LatencyRecorder.Percentile(ms, 50), LatencyRecorder.Percentile(ms, 90), ms.Length);
    }
}
