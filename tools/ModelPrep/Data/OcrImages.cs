using System.Globalization;
using EdgeRuntime.Inference.Encoders.Ocr;
using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Reference;

namespace EdgeRuntime.ModelPrep.Data;

/// <summary>A decoded RGB24 image at its own size.</summary>
internal sealed record RgbImage(string Path, byte[] Rgb, int Width, int Height);

/// <summary>
/// Photos and scans with text from Debian packages (opencv-doc, python3-skimage), split once: OCR calibration never sees
/// the validation images, nor a near-duplicate of one (imageTextR is imageTextN rotated, text_motion and text_defocus are
/// one photo blurred two ways: each pair is held out whole). Both sets mix printed pages and blurred or moving text, so
/// the held-out set is not easier.
/// </summary>
internal static class OcrImages
{
    private const string OpenCv = "/usr/share/doc/opencv-doc/examples/data/";
    private const string Skimage = "/usr/lib/python3/dist-packages/skimage/data/";

    public static readonly string[] Calibration =
    [
        OpenCv + "licenseplate_motion.jpg", Skimage + "text.png", Skimage + "bw_text.png", OpenCv + "sudoku.png",
        // From the grown photo catalog: a newspaper page and a notice board photographed at an angle.
        "/usr/share/doc/opencv-doc/opencv4/html/newspaper.jpg", OpenCv + "board.jpg",
    ];

    public static readonly string[] Validation =
    [
        OpenCv + "imageTextN.png", OpenCv + "imageTextR.png", OpenCv + "text_defocus.jpg", OpenCv + "text_motion.jpg", Skimage + "page.png", OpenCv + "notes.png",
    ];

    /// <summary>Decodes an image at its own size with ffprobe/ffmpeg.</summary>
    public static RgbImage Load(string path)
    {
        var size = Processes.Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]).Trim().Split(',');
        var (width, height) = (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
        var rgb = Processes.RunForBytes("ffmpeg", ["-loglevel", "error", "-nostdin", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        if (rgb.Length != width * height * 3) throw new InvalidDataException($"{path}: ffmpeg gave {rgb.Length} bytes for {width}x{height}");
        return new RgbImage(path, rgb, width, height);
    }

    public static IReadOnlyList<RgbImage> LoadAll(IEnumerable<string> set, int minimum) => [.. ImageSets.Existing(set, minimum).Select(Load)];

    /// <summary>The detector input of an image, at the size the daemon's <see cref="TextDetector"/> uses.</summary>
    public static IReadOnlyList<NamedTensor> DetectorInput(RgbImage image, string inputName, int limitSide = 960)
    {
        var (tw, th) = OcrImage.DetectorSize(image.Width, image.Height, limitSide);
        var chw = new float[3 * tw * th];
        OcrImage.ResizeToChw(image.Rgb, image.Width, image.Height, 0, 0, image.Width, image.Height, chw, tw, th, tw, ChannelNormalization.PaddleDetector);
        return [new NamedTensor(inputName, [1, 3, th, tw], chw)];
    }

    /// <summary>The recognizer input of one region, as the daemon's <see cref="TextRecognizer"/> builds it.</summary>
    public static IReadOnlyList<NamedTensor> RecognizerInput(RgbImage image, TextBox region, string inputName)
    {
        var w = OcrImage.RecognizerWidth(region.Width, region.Height, TextRecognizer.Height);
        var chw = new float[3 * TextRecognizer.Height * w];
        OcrImage.ResizeToChw(image.Rgb, image.Width, image.Height, region.X, region.Y, region.Width, region.Height, chw, w, TextRecognizer.Height, w,
            ChannelNormalization.PaddleRecognizer);
        return [new NamedTensor(inputName, [1, 3, TextRecognizer.Height, w], chw)];
    }
}
