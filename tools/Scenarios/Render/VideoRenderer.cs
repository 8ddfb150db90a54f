using System.Globalization;
using EdgeRuntime.Tools.Scenarios.Spec;

namespace EdgeRuntime.Tools.Scenarios.Render;

/// <summary>
/// Renders the shots with ffmpeg: one decoder process per shot turns a still photo into moving raw frames (pan,
/// zoom, hand-held shake; an optional sign painted on the photo before the camera moves), and one encoder process
/// takes every shot's frames on its standard input and writes an H.264 MP4 at the scenario's size and rate.
/// </summary>
internal static class VideoRenderer
{
    public const int Width = 640;
    public const int Height = 480;
    public const int Fps = 15;
    private const string SignFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    public static void Render(IReadOnlyList<(ShotSpec Shot, string ImagePath)> shots, string videoPath)
    {
        using var encoder = External.Start("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", $"{Width}x{Height}", "-framerate", I(Fps), "-i", "-",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-g", I(2 * Fps), "-threads", "2",
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", videoPath,
        ], redirectStdin: true, redirectStdout: false);
        var encoderErrors = encoder.StandardError.ReadToEndAsync();
        try
        {
            foreach (var (shot, image) in shots)
            {
                var frames = (int)Math.Round(shot.Seconds * Fps);
                using var decoder = External.Start("ffmpeg", [
                    "-hide_banner", "-loglevel", "error",
                    "-loop", "1", "-framerate", I(Fps), "-i", image,
                    "-vf", Filter(shot, frames), "-frames:v", I(frames),
                    "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
                ], redirectStdin: false, redirectStdout: true);
                var decoderErrors = decoder.StandardError.ReadToEndAsync();
                decoder.StandardOutput.BaseStream.CopyTo(encoder.StandardInput.BaseStream);
                decoder.WaitForExit();
                if (decoder.ExitCode != 0)
                {
                    throw new InvalidOperationException($"ffmpeg failed on {image} ({shot.Camera}): {decoderErrors.Result.Trim()}");
                }
            }
        }
        finally
        {
            encoder.StandardInput.Close();
            encoder.WaitForExit();
        }
        if (encoder.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg encoder failed: " + encoderErrors.Result.Trim());
        }
    }

    /// <summary>The filter graph for one shot; exposed for tests and for README examples.</summary>
    internal static string Filter(ShotSpec shot, int frames)
    {
        var last = I(Math.Max(1, frames - 1));
        var (canvasW, canvasH, move) = shot.Camera switch
        {
            "static" => (Width, Height, ""),
            "pan-right" => (800, 600, $",crop={Width}:{Height}:x='160*n/{last}':y=60"),
            "pan-left" => (800, 600, $",crop={Width}:{Height}:x='160*(1-n/{last})':y=60"),
            "shake" => (800, 600, $",crop={Width}:{Height}:x='80+50*sin(n*0.35)+20*sin(n*1.3)':y='60+30*sin(n*0.5)'"),
            "zoom-in" => (1280, 960, $",zoompan=z='1+0.35*on/{last}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s={Width}x{Height}:fps={I(Fps)}"),
            "zoom-out" => (1280, 960, $",zoompan=z='1.35-0.35*on/{last}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s={Width}x{Height}:fps={I(Fps)}"),
            _ => throw new ArgumentException($"unknown camera move '{shot.Camera}' (static, pan-left, pan-right, zoom-in, zoom-out, shake)"),
        };
        var filter = $"scale={canvasW}:{canvasH}:force_original_aspect_ratio=increase,crop={canvasW}:{canvasH},setsar=1";
        if (shot.Sign is { } sign)
        {
            var size = I(canvasH * 12 / 100);
            var escaped = sign.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
            filter += $",drawtext=fontfile={SignFont}:text='{escaped}':fontsize={size}:fontcolor=white:box=1:boxcolor=0x0a6e3c:boxborderw={I(canvasH / 40)}:x=(w-text_w)/2:y=(h-text_h)/2";
        }
        return filter + move + ",format=yuv420p";
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
