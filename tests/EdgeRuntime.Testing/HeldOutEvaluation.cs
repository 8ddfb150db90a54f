namespace EdgeRuntime.Testing;

/// <summary>
/// The files shared/docs/environment.md keeps for the project's held-out evaluation: nothing may be built from them (the
/// photo catalog, the scenarios, ModelPrep's calibration, sensitivity and validation sets, the tests' media).
/// </summary>
public static class HeldOutEvaluation
{
    private static readonly string[] s_prefixes =
    [
        "/usr/lib/python3/dist-packages/sklearn/",
        "/usr/lib/python3/dist-packages/scipy/",
        "/usr/share/matplotlib/",
        "/usr/lib/python3/dist-packages/matplotlib/",
        "/usr/share/tuxpaint/",
        "/usr/share/doc/opencv-doc/examples/text/",
        "/usr/share/doc/opencv-doc/examples/hfs/",
    ];

    private static readonly string[] s_files =
    [
        "/usr/share/doc/opencv-doc/examples/data/vtest.avi",
        "/usr/share/doc/opencv-doc/examples/data/left.jpg",
        "/usr/share/doc/opencv-doc/examples/data/leuvenA.jpg",
    ];

    private const string OpenCvHtml = "/usr/share/doc/opencv-doc/opencv4/html/";

    private static readonly string[] s_htmlNames =
        ["227943776_1.jpg", "230501201_1.jpg", "pexels_double_decker_bus.jpg", "astra_color.jpg", "HDRtoneMapping_candleSample.jpg"];

    /// <summary>Whether <paramref name="path"/> (a file, made absolute) is one of the kept files or lies in a kept folder.</summary>
    public static bool Keeps(string path)
    {
        var full = Path.GetFullPath(path);
        return s_prefixes.Any(p => full.StartsWith(p, StringComparison.Ordinal))
               || s_files.Contains(full, StringComparer.Ordinal)
               || (full.StartsWith(OpenCvHtml, StringComparison.Ordinal) && s_htmlNames.Contains(Path.GetFileName(full), StringComparer.Ordinal));
    }
}
