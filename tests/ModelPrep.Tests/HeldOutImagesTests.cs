using EdgeRuntime.ModelPrep.Data;
using EdgeRuntime.ModelPrep.Sources;
using EdgeRuntime.Testing;

namespace EdgeRuntime.ModelPrep.Tests;

/// <summary>The held-out images stay independent of the images that shape the models (calibration, and the sensitivity stills).</summary>
public sealed class HeldOutImagesTests
{
    private const string OpenCv = "/usr/share/doc/opencv-doc/examples/data/";
    private const string Skimage = "/usr/lib/python3/dist-packages/skimage/data/";

    /// <summary>
    /// Files of the two packages that show the same scene (frames or views of it, the same photo blurred or rotated); each
    /// video is a family of its own too. Near-duplicates across a split make a held-out figure optimistic.
    /// </summary>
    private static readonly string[][] Families =
    [
        [OpenCv + "basketball1.png", OpenCv + "basketball2.png"],
        [Skimage + "motorcycle_left.png", Skimage + "motorcycle_right.png"],
        [OpenCv + "Megamind.avi", OpenCv + "Megamind_bugy.avi"],
        [OpenCv + "imageTextN.png", OpenCv + "imageTextR.png"],
        [OpenCv + "text_motion.jpg", OpenCv + "text_defocus.jpg"],
        [OpenCv + "aero1.jpg", OpenCv + "aero3.jpg"],
        [OpenCv + "graf1.png", OpenCv + "graf3.png"],
        [OpenCv + "Blender_Suzanne1.jpg", OpenCv + "Blender_Suzanne2.jpg"],
        [OpenCv + "rubberwhale1.png", OpenCv + "rubberwhale2.png"],
        [OpenCv + "leuvenA.jpg", OpenCv + "leuvenB.jpg"],
        [OpenCv + "aloeL.jpg", OpenCv + "aloeR.jpg"],
        [OpenCv + "ela_original.jpg", OpenCv + "ela_modified.jpg"],
        [.. Enumerable.Range(1, 14).SelectMany(i => new[] { $"{OpenCv}left{i:00}.jpg", $"{OpenCv}right{i:00}.jpg" })],
    ];

    public static TheoryData<string> Splits() => ["ImageSets calibration", "ImageSets sensitivity", "OcrImages calibration"];

    private static (string[] Seen, string[] HeldOut) Split(string name) => name switch
    {
        "ImageSets calibration" => (ImageSets.Calibration, ImageSets.Validation),
        "ImageSets sensitivity" => (ImageSets.Sensitivity, ImageSets.Validation),
        _ => (OcrImages.Calibration, OcrImages.Validation),
    };

    private static string FileOf(string item) => ImageSets.Parse(item).File;

    /// <summary>The family of an item's file: the file itself (a video: all its frames) or the known group it belongs to.</summary>
    private static string FamilyOf(string item) => Families.FirstOrDefault(f => f.Contains(FileOf(item)))?[0] ?? FileOf(item);

    [Theory]
    [MemberData(nameof(Splits))]
    public void The_seen_and_held_out_sets_share_no_image_by_name_or_by_content(string split)
    {
        var (seen, heldOut) = Split(split);
        Assert.Empty(seen.Intersect(heldOut));
        Assert.All(seen.Concat(heldOut), i => Assert.True(File.Exists(FileOf(i)), $"{FileOf(i)} missing (tools/apt-packages.txt)"));
        // The same bytes under two names count as one image; a video's frames are told apart by their times above.
        static HashSet<string> Stills(IEnumerable<string> items) => [.. items.Where(i => ImageSets.Parse(i).Seconds is null).Select(i => Fetcher.Sha256Of(i))];
        Assert.Empty(Stills(seen).Intersect(Stills(heldOut)));
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void A_held_out_image_whose_scene_is_seen_is_a_declared_near_duplicate(string split)
    {
        var (seen, heldOut) = Split(split);
        var seenFamilies = seen.Select(FamilyOf).ToHashSet(StringComparer.Ordinal);
        var declared = split.StartsWith("ImageSets", StringComparison.Ordinal) ? ImageSets.NearDuplicatesOfCalibration : new Dictionary<string, string>();

        var splitOff = heldOut.Where(i => seenFamilies.Contains(FamilyOf(i))).ToList();

        Assert.All(splitOff, i => Assert.True(declared.ContainsKey(i), $"{i} is a near-duplicate of a {split} image: move it, or declare and document it"));
    }

    [Fact]
    public void No_set_uses_a_file_kept_for_the_projects_held_out_evaluation()
    {
        // Sensitivity holds every calibration image and more.
        string[] all = [.. ImageSets.Sensitivity, .. ImageSets.Validation, .. OcrImages.Calibration, .. OcrImages.Validation];
        Assert.All(all, i => Assert.False(HeldOutEvaluation.Keeps(FileOf(i)), $"{i} is kept for held-out evaluation (shared/docs/environment.md)"));
    }

    [Fact]
    public void Each_declared_near_duplicate_is_held_out_and_pairs_with_a_calibration_image_of_its_scene()
    {
        Assert.NotEmpty(ImageSets.NearDuplicatesOfCalibration);
        foreach (var (heldOut, seen) in ImageSets.NearDuplicatesOfCalibration)
        {
            Assert.Contains(heldOut, ImageSets.Validation);
            Assert.Contains(seen, ImageSets.Calibration);
            Assert.Equal(FamilyOf(seen), FamilyOf(heldOut));
        }
    }
}
