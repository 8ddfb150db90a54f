using EdgeRuntime.ModelPrep.Pipeline;
using EdgeRuntime.ModelPrep.Recipes;

namespace EdgeRuntime.ModelPrep.Data;

/// <summary>Decodes a photo with ffmpeg (bilinear resize, RGB24) and normalizes it into a model's NHWC float input.</summary>
internal static class ImageLoader
{
    public static byte[] Rgb24(string item, int width, int height)
    {
        var (path, seconds) = ImageSets.Parse(item);
        string[] seek = seconds is { } s ? ["-ss", s.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)] : [];
        return Processes.RunForBytes("ffmpeg", ["-loglevel", "error", "-nostdin", .. seek, "-i", path, "-vf", $"scale={width}:{height}:flags=bilinear", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
    }

    public static float[] Input(ModelRecipe recipe, string path)
    {
        var rgb = Rgb24(path, recipe.InputWidth, recipe.InputHeight);
        if (rgb.Length != recipe.InputWidth * recipe.InputHeight * 3)
        {
            throw new InvalidDataException($"{path}: ffmpeg gave {rgb.Length} bytes, expected {recipe.InputWidth}x{recipe.InputHeight}x3");
        }
        var result = new float[rgb.Length];
        for (var i = 0; i < rgb.Length; i++) result[i] = rgb[i] * recipe.Scale + recipe.Offset;
        return result;
    }
}
