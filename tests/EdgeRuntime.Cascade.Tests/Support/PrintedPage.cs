using System.Globalization;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Tools.Scenarios.Render;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>
/// A page of ordinary print as a camera held over it sees it: lines of a serif book face (Debian's DejaVu Serif, as
/// the scenario signs use DejaVu) drawn dark on off-white paper by real ffmpeg, as one RGB24 frame.
/// </summary>
internal static class PrintedPage
{
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";

    /// <summary>The page's lines: a notice as it might be printed, each line about a thousand pixels wide at 20 px.</summary>
    public static readonly string[] Lines =
    [
        "The library opens at nine in the morning on weekdays and at ten on Saturdays and Sundays.",
        "Books may be borrowed for three weeks and renewed twice, unless another reader has reserved",
        "them. Please return books to the desk on the ground floor, or to the box beside the main",
        "entrance when the library is closed. Printing costs ten cents a page; ask at the desk for a",
        "card. Quiet study rooms on the second floor can be booked for two hours at a time. Lost",
        "property is kept for one month at the front desk. Children under eight must be accompanied",
        "by an adult. Food is not allowed in the reading rooms, but water in a closed bottle is fine.",
        "The computers in the hall may be used for one hour a day; bring your library card to log in.",
        "Please keep your phone on silent and take calls in the lobby. Thank you for your help.",
    ];

    /// <summary>
    /// The page rendered at <paramref name="width"/>×<paramref name="height"/> with letters <paramref name="fontSize"/>
    /// pixels high (20: ordinary print filling a 1280-pixel frame; 6: small print seen from too far).
    /// </summary>
    public static byte[] Render(int width = 1280, int height = 720, int fontSize = 20)
    {
        var text = Path.Combine(Path.GetTempPath(), $"edge-page-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        File.WriteAllText(text, string.Join('\n', Lines));
        try
        {
            string I(double v) => ((int)v).ToString(CultureInfo.InvariantCulture);
            var filter = $"drawtext=fontfile={Font}:textfile={text}:fontsize={I(fontSize)}:fontcolor=0x202020:line_spacing={I(fontSize * 0.7)}:x={I(width * 0.06)}:y={I(height * 0.1)}";
            using var ffmpeg = External.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", $"color=c=0xf4f1ea:s={width}x{height}",
                "-vf", filter, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], redirectStdin: false, redirectStdout: true);
            var errors = ffmpeg.StandardError.ReadToEndAsync();
            var frame = new byte[width * height * 3];
            var read = ffmpeg.StandardOutput.BaseStream.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
            ffmpeg.WaitForExit();
            Assert.True(read == frame.Length && ffmpeg.ExitCode == 0, $"ffmpeg gave {read} bytes, exit {ffmpeg.ExitCode}: {errors.Result}");
            return frame;
        }
        finally
        {
            File.Delete(text);
        }
    }

    /// <summary>Character error rate of <paramref name="read"/> against <paramref name="truth"/>: edit distance over the truth's length.</summary>
    public static double Cer(string read, string truth) => Scoring.Levenshtein(read, truth) / (double)Math.Max(1, truth.Length);
}
