using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Tests.Support;

namespace EdgeRuntime.Cascade.Tests.Models;

/// <summary>The cascade's detector adapters on real photos and real speech, through the real models.</summary>
public sealed class RealModelTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    private const string OpenCv = "/usr/share/doc/opencv-doc/examples/data/";
    private const string Skimage = "/usr/lib/python3/dist-packages/skimage/data/";

    private string[] Objects(string image)
    {
        var detector = fixture.Loaded.Models.Objects!;
        var found = new Detection[32];
        var n = detector.Detect(ImageView.Rgb(Decoded.Rgb(image), 640, 480), found);
        return found[..n].Select(d => detector.Labels[d.Label]).Distinct().ToArray();
    }

    [Theory]
    [InlineData(OpenCv + "messi5.jpg", "person")]
    [InlineData(OpenCv + "messi5.jpg", "sports ball")]
    [InlineData(Skimage + "coffee.png", "cup")]
    [InlineData(OpenCv + "licenseplate_motion.jpg", "car")]
    [InlineData(Skimage + "motorcycle_left.png", "motorcycle")]
    public void CenterNet_finds_the_hand_labelled_object_in_a_real_photo(string image, string label) =>
        Assert.Contains(label, Objects(image));

    [Fact]
    public void Every_catalog_photo_gets_a_detector_verdict_recorded_for_the_evaluation_notes()
    {
        // Not an accuracy gate (the evaluation report measures recall): it checks every catalog photo decodes and
        // runs through the detector, and prints what CenterNet sees next to the hand label.
        var catalog = EdgeRuntime.Tools.Scenarios.ScenarioGenerator.LoadCatalog(Repo.Path("tools", "Scenarios", "data", "images.json"));
        foreach (var (name, image) in catalog)
        {
            var seen = Objects(image.Path);
            Console.WriteLine($"{name}: annotated [{string.Join(", ", image.InView)}], CenterNet [{string.Join(", ", seen)}]");
            Assert.All(seen, l => Assert.Contains(l, EdgeRuntime.Cascade.Detectors.CocoLabels.Names));
        }
    }

    [Fact]
    public void BlazeFace_finds_one_face_on_the_astronaut_portrait_and_none_on_the_coffee_cup()
    {
        var faces = new Detection[8];
        var detector = fixture.Loaded.Models.Faces!;
        var n = detector.Detect(ImageView.Rgb(Decoded.Rgb(Skimage + "astronaut.png"), 640, 480), faces);
        Assert.Equal(1, n);
        Assert.InRange(faces[0].Box.CenterX, 0.3f, 0.7f);
        Assert.Equal(0, detector.Detect(ImageView.Rgb(Decoded.Rgb(Skimage + "coffee.png"), 640, 480), faces));
    }

    [Fact]
    public void The_text_reader_reads_the_generated_EXIT_sign()
    {
        var (dir, truth) = TestScenarios.Sign;
        var frame = Decoded.Rgb(Path.Combine(dir, truth.Video), atSeconds: 1);
        var lines = fixture.Loaded.Models.Text!.Read(ImageView.Rgb(frame, 640, 480));
        Assert.Contains(lines, l => l.Text.Contains("EXIT", StringComparison.Ordinal));
    }

    [Fact]
    public void A_view_without_text_stops_at_the_cheap_probe_and_a_sign_goes_on_to_the_full_pass()
    {
        var reader = (EdgeRuntime.Cascade.Models.PaddleTextReader)fixture.Loaded.Models.Text!;
        var (skipped, full) = (reader.SkippedByProbe, reader.FullPasses);
        var blank = new byte[640 * 480 * 3];
        Array.Fill(blank, (byte)128);
        Assert.Empty(reader.Read(ImageView.Rgb(blank, 640, 480)));
        Assert.Equal((skipped + 1, full), (reader.SkippedByProbe, reader.FullPasses));

        var (dir, truth) = TestScenarios.Sign;
        reader.Read(ImageView.Rgb(Decoded.Rgb(Path.Combine(dir, truth.Video), atSeconds: 1), 640, 480));
        Assert.Equal((skipped + 1, full + 1), (reader.SkippedByProbe, reader.FullPasses));
    }

    [Fact]
    public void Silero_hears_the_generated_speech_and_not_the_silence_after_it()
    {
        var (dir, truth) = TestScenarios.Gates;
        var audio = Decoded.Audio(Path.Combine(dir, truth.Audio));
        var vad = fixture.Loaded.Models.Vad!;
        vad.Reset();
        var p = new List<(double T, float P)>();
        for (var i = 0; i + vad.HopSamples <= audio.Length; i += vad.HopSamples)
        {
            p.Add((i / 16000.0, vad.Process(audio.AsSpan(i, vad.HopSamples))));
        }
        var speech = truth.Speech[0];
        var inside = p.Where(x => x.T > speech.Start + 0.2 && x.T < speech.End - 0.2).ToList();
        var after = p.Where(x => x.T > speech.End + 0.5 && x.T < truth.Noise[0].Start).ToList();
        Assert.True(inside.Count(x => x.P > 0.5) > inside.Count * 0.7, string.Join(' ', inside.Select(x => x.P.ToString("F2"))));
        Assert.All(after, x => Assert.True(x.P < 0.5, $"{x.T:F2}s: {x.P:F2}"));
    }
}
