namespace EdgeRuntime.ModelPrep.Data;

/// <summary>
/// Real photos from Debian packages (opencv-doc, python3-skimage), split once and for all: calibration never sees
/// the validation images. The lists are explicit so the split does not depend on what else is installed. Calibration
/// holds the photo catalog the scenarios are built from (tools/Scenarios/data/images.json) except its validation photos
/// and the OCR held-out pages; nothing comes from the files shared/docs/environment.md keeps for held-out evaluation
/// (opencv-doc's vtest.avi among them).
/// </summary>
internal static class ImageSets
{
    private const string OpenCv = "/usr/share/doc/opencv-doc/examples/data/";
    private const string Html = "/usr/share/doc/opencv-doc/opencv4/html/";
    private const string Skimage = "/usr/lib/python3/dist-packages/skimage/data/";

    public static readonly string[] Calibration =
    [
        OpenCv + "basketball1.png", OpenCv + "fruits.jpg", OpenCv + "home.jpg", OpenCv + "building.jpg",
        OpenCv + "baboon.jpg", OpenCv + "board.jpg", OpenCv + "licenseplate_motion.jpg", OpenCv + "aero3.jpg", OpenCv + "box_in_scene.png",
        OpenCv + "orange.jpg", OpenCv + "pic1.png", OpenCv + "graf1.png", OpenCv + "butterfly.jpg", OpenCv + "starry_night.jpg", OpenCv + "Megamind.avi@1", OpenCv + "Megamind.avi@7", OpenCv + "stuff.jpg",
        Skimage + "coffee.png", Skimage + "chelsea.png", Skimage + "motorcycle_left.png", Skimage + "rocket.jpg", Skimage + "hubble_deep_field.jpg",
        // The grown catalog: people (a man with a chessboard, a cameraman, a face, a player with two balls), animals,
        // vehicles, rooms, plants, night and aerial views, documents.
        OpenCv + "left01.jpg", Skimage + "camera.png", OpenCv + "aero1.jpg", Html + "face_swapped.jpg", Html + "roi.jpg",
        OpenCv + "chicky_512.png", Html + "cat_det.jpg", Html + "detect_test2.jpg", Html + "boat.jpg", Html + "space_shuttle.jpg",
        Html + "studentsSample_input.jpg", Html + "clahe_2.jpg", Html + "chocclusion.jpg", Html + "realsense.jpg", Html + "handSrc.jpg",
        Html + "plant.jpg", OpenCv + "aloeL.jpg", Html + "retina_TreeHdr_small.jpg", Html + "fusion_mertens.jpg", Skimage + "moon.png",
        Skimage + "brick.png", OpenCv + "ela_original.jpg", OpenCv + "rubberwhale1.png", Skimage + "clock_motion.png", Html + "newspaper.jpg",
        Html + "4_barcodes.jpg", Html + "singlemarkersoriginal.jpg", Html + "gboriginal.png", Html + "detect_test1.jpg", Html + "fsrcnnOutput.jpg",
    ];

    public static readonly string[] Validation =
    [
        OpenCv + "messi5.jpg", Skimage + "astronaut.png", OpenCv + "basketball2.png", Skimage + "horse.png", OpenCv + "smarties.png",
        OpenCv + "apple.jpg", Skimage + "motorcycle_right.png", OpenCv + "ml.png", OpenCv + "HappyFish.jpg", Skimage + "coins.png",
        OpenCv + "LinuxLogo.jpg", Html + "Background_Subtraction_Tutorial_frame.jpg", Html + "Template_Matching_Image_Result.jpg",
        OpenCv + "Megamind.avi@4", OpenCv + "Megamind.avi@10", OpenCv + "squirrel_cls.jpg", OpenCv + "gradient.png", OpenCv + "detect_blob.png",
        OpenCv + "mask.png", OpenCv + "notes.png", Html + "bus_det.jpg", Html + "Laplace_Operator_Tutorial_Original_Image.jpg",
    ];

    /// <summary>
    /// The sensitivity analysis measures on the calibration images plus faces from Megamind_bugy.avi, which validation
    /// never uses: the calibration photos alone hold too few faces for a recall to mean anything. Validation images stay
    /// unseen.
    /// </summary>
    public static readonly string[] Sensitivity =
    [
        .. Calibration,
        OpenCv + "Megamind_bugy.avi@0.5", OpenCv + "Megamind_bugy.avi@2", OpenCv + "Megamind_bugy.avi@3.5", OpenCv + "Megamind_bugy.avi@5",
        OpenCv + "Megamind_bugy.avi@6.5", OpenCv + "Megamind_bugy.avi@8",
    ];

    /// <summary>
    /// Held-out images with a near-duplicate among the calibration images (another frame of the same video or scene, the
    /// other view of a stereo pair), each with that calibration image. Kept split on purpose: calibration decides which
    /// channels pruning removes, and it should see what the camera sees (docs/models.md, "Held-out images"). The
    /// sensitivity images hold more frames of Megamind_bugy.avi (Megamind.avi with glitches). Detector agreement is also
    /// reported without these images.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NearDuplicatesOfCalibration = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OpenCv + "basketball2.png"] = OpenCv + "basketball1.png",
        [Skimage + "motorcycle_right.png"] = Skimage + "motorcycle_left.png",
        [OpenCv + "Megamind.avi@4"] = OpenCv + "Megamind.avi@1",
        [OpenCv + "Megamind.avi@10"] = OpenCv + "Megamind.avi@7",
    };

    /// <summary>A still from a video is written "file.avi@seconds".</summary>
    public static (string File, double? Seconds) Parse(string item)
    {
        var at = item.LastIndexOf('@');
        return at > 0 && double.TryParse(item[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var s) ? (item[..at], s) : (item, null);
    }

    /// <summary>The images of a set that exist on this machine; fails when too few do.</summary>
    public static IReadOnlyList<string> Existing(IEnumerable<string> set, int minimum)
    {
        var present = set.Where(i => File.Exists(Parse(i).File)).ToList();
        if (present.Count < minimum)
        {
            throw new FileNotFoundException($"only {present.Count} of the images exist (need {minimum}); install opencv-doc and python3-skimage (tools/apt-packages.txt)");
        }
        return present;
    }
}
