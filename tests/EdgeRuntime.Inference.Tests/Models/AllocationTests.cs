using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Tests.Ocr;
using Xunit.Abstractions;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary>A steady-state run allocates no managed memory: buffers are pooled, names and values are bound once.</summary>
public sealed class AllocationTests(OrtFixture fixture, ITestOutputHelper output) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_vad_hop_allocates_nothing_after_warm_up()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var vad = new SileroVad(model);
        var audio = SileroVad.SpeechBetweenSilences("allocation free", 0.2).Samples;
        var hops = audio.Length / SileroVad.Hop;
        for (var h = 0; h < hops; h++)
        {
            vad.Process(audio.AsSpan(h * SileroVad.Hop, SileroVad.Hop));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0f;
        for (var round = 0; round < 3; round++)
        {
            for (var h = 0; h < hops; h++)
            {
                sum += vad.Process(audio.AsSpan(h * SileroVad.Hop, SileroVad.Hop));
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{3 * hops} hops, {allocated} bytes, probability sum {sum:F1}");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Ocr_det_and_rec_with_learned_output_shapes_allocate_nothing_after_warm_up_and_rebind_only_on_a_new_width()
    {
        var (rgb, width, height) = TestMedia.Rgb24("/usr/share/doc/opencv-doc/examples/data/imageTextN.png");
        using var det = fixture.Runtime.Load(TestModels.OcrDetector);
        using var rec = fixture.Runtime.Load(TestModels.OcrRecognizer);
        using var ocr = new OcrHarness(det, rec, CtcGreedyDecoder.FromDictionaryFile(TestModels.OcrDictionary));
        var (tw, th) = OcrImage.DetectorSize(width, height);
        var line = ocr.Detect(rgb, width, height, tw, th)[0];
        var word = line with { Width = 53 };

        // Warm up both widths: the first run at each new width learns the output shape and re-binds.
        for (var i = 0; i < 2; i++)
        {
            ocr.Detect(rgb, width, height, tw, th);
            ocr.Recognize(rgb, width, height, word);
        }
        var detOutput = ocr.Detector.Output<float>(0);
        var detRebinds = ocr.Detector.Rebinds;
        var recRebinds = ocr.RecognizerRunner.Rebinds;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var boxes = 0;
        for (var i = 0; i < 3; i++)
        {
            boxes += ocr.Detect(rgb, width, height, tw, th).Length;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"det: 3 runs, {boxes} boxes, {allocated} bytes");
        Assert.Equal(0, allocated);
        unsafe
        {
            // Same input shape: the same pooled output buffer, not a new one.
            fixed (float* a = detOutput)
            fixed (float* b = ocr.Detector.Output<float>(0))
            {
                Assert.True(a == b, "the detector output buffer moved although the input shape did not change");
            }
        }

        // Recognition: everything but the returned string (the caller's choice) is allocation-free.
        var recRunner = ocr.RecognizerRunner;
        recRunner.Run();
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            recRunner.Run();
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"rec: 5 runs, {allocated} bytes");
        Assert.Equal(0, allocated);
        Assert.Equal(detRebinds, ocr.Detector.Rebinds);
        Assert.Equal(recRebinds, recRunner.Rebinds);

        // A new line width re-binds the input once and the learned output once; repeating that width re-binds nothing.
        ocr.Recognize(rgb, width, height, line);
        Assert.Equal(recRebinds + 2, recRunner.Rebinds);
        ocr.Recognize(rgb, width, height, line);
        Assert.Equal(recRebinds + 2, recRunner.Rebinds);
    }
}
