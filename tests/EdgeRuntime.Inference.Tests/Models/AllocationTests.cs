using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.Inference.Models;
using Xunit.Abstractions;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary>A steady-state run allocates no managed memory: buffers are pooled, names and values are bound once.</summary>
public sealed class AllocationTests(OrtFixture fixture, ITestOutputHelper output) : IClassFixture<OrtFixture>
{
    [Fact]
    public void A_vad_hop_allocates_nothing_after_warm_up()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        using var vad = new SileroVadEncoder(model);
        var audio = VadAudio.SpeechBetweenSilences("allocation free", 0.2).Samples;
        var hops = audio.Length / SileroVadEncoder.HopSamples;
        for (var h = 0; h < hops; h++)
        {
            vad.Process(audio.AsSpan(h * SileroVadEncoder.HopSamples, SileroVadEncoder.HopSamples));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0f;
        for (var round = 0; round < 3; round++)
        {
            for (var h = 0; h < hops; h++)
            {
                sum += vad.Process(audio.AsSpan(h * SileroVadEncoder.HopSamples, SileroVadEncoder.HopSamples));
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
        using var detector = new TextDetector(det);
        using var recognizer = new TextRecognizer(rec, CtcGreedyDecoder.FromDictionaryFile(TestModels.OcrDictionary));
        var (tw, th) = OcrImage.DetectorSize(width, height);
        var line = detector.Detect(rgb, width, height, tw, th)[0];
        var word = line with { Width = 53 };

        // Warm up both widths: the first run at each new width learns the output shape and re-binds.
        for (var i = 0; i < 2; i++)
        {
            detector.Detect(rgb, width, height, tw, th);
            recognizer.Recognize(rgb, width, height, word);
        }
        var detOutput = detector.Runner.Output<float>(0);
        var detRebinds = detector.Runner.Rebinds;
        var recRebinds = recognizer.Runner.Rebinds;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var boxes = 0;
        for (var i = 0; i < 3; i++)
        {
            boxes += detector.Detect(rgb, width, height, tw, th).Length;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"det: 3 runs, {boxes} boxes, {allocated} bytes");
        Assert.Equal(0, allocated);
        unsafe
        {
            // Same input shape: the same pooled output buffer, not a new one.
            fixed (float* a = detOutput)
            fixed (float* b = detector.Runner.Output<float>(0))
            {
                Assert.True(a == b, "the detector output buffer moved although the input shape did not change");
            }
        }

        // Recognition end to end (crop, resize, normalize, run, CTC decode into the caller's chars) is allocation-free;
        // only the string-returning convenience overload allocates its string.
        var recRunner = recognizer.Runner;
        Span<char> text = stackalloc char[64];
        var chars = 0;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            chars += recognizer.Recognize(rgb, width, height, word, text, out _);
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"rec: 5 runs, '{text[..(chars / 5)]}', {allocated} bytes");
        Assert.Equal("technical", text[..(chars / 5)].ToString());
        Assert.Equal(0, allocated);
        Assert.Equal(detRebinds, detector.Runner.Rebinds);
        Assert.Equal(recRebinds, recRunner.Rebinds);

        // A new line width re-binds the input once and the learned output once; repeating that width re-binds nothing.
        recognizer.Recognize(rgb, width, height, line);
        Assert.Equal(recRebinds + 2, recRunner.Rebinds);
        recognizer.Recognize(rgb, width, height, line);
        Assert.Equal(recRebinds + 2, recRunner.Rebinds);
    }
}
