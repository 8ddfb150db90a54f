// PreprocessBench: one detector preprocessing call (a decoded RGB24 photo → bilinear resize → value * scale + offset
// into an NHWC float tensor) through TensorImage's scalar reference, its vectorised path, and OpenCV (Cv2.Resize +
// Mat.ConvertTo) for comparison. Contenders run in blocks that rotate order every round, so none profits from a
// quieter moment of a shared machine; the figure is the median of per-call block means over the rounds.
// Usage: dotnet run -c Release --project tools/bench/PreprocessBench [-- --rounds N]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Testing;
using OpenCvSharp;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var rounds = args.Length > 1 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
const string Photos = "/usr/share/doc/opencv-doc/examples/data/";
Console.WriteLine($"PreprocessBench on {Environment.ProcessorCount} cores ({RuntimeInformation.ProcessArchitecture}, Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}, " +
    $"AVX2 {(System.Runtime.Intrinsics.X86.Avx2.IsSupported ? "on" : "off")}), .NET {Environment.Version}, OpenCV {Cv2.GetVersionString()}, {rounds} rounds, " +
    $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Console.WriteLine();
Console.WriteLine("| photo (source size) | tensor | scalar reference µs | vectorised µs | OpenCV µs | speed-up vs reference | managed bytes per call (vectorised) |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");

foreach (var (photo, size, scale, offset) in new[] { ("messi5.jpg", 512, 1f, 0f), ("messi5.jpg", 256, 1f / 127.5f, -1f), ("board.jpg", 512, 1f, 0f), ("board.jpg", 256, 1f / 127.5f, -1f), ("building.jpg", 512, 1f, 0f) })
{
    var (rgb, w, h) = TestMedia.Rgb24(Photos + photo);
    var image = new TensorImage(size, size, scale, offset);
    var tensor = new float[size * size * 3];
    var calls = Math.Max(5, 4_000_000 / (size * size));
    using var src = Mat.FromPixelData(h, w, MatType.CV_8UC3, rgb);
    using var resized = new Mat();
    using var dst = Mat.FromPixelData(size, size, MatType.CV_32FC3, tensor);

    Action[] contenders =
    [
        () => image.WriteReference(ImageView.Rgb(rgb, w, h), tensor),
        () => image.Write(ImageView.Rgb(rgb, w, h), tensor),
        () =>
        {
            Cv2.Resize(src, resized, new OpenCvSharp.Size(size, size), 0, 0, InterpolationFlags.Linear);
            resized.ConvertTo(dst, MatType.CV_32FC3, scale, offset);
        },
    ];
    var samples = contenders.Select(_ => new List<double>()).ToArray();
    foreach (var c in contenders)
    {
        c(); // tables, JIT
    }
    for (var r = 0; r < rounds; r++)
    {
        for (var k = 0; k < contenders.Length; k++)
        {
            var i = (k + r) % contenders.Length;
            var sw = Stopwatch.StartNew();
            for (var n = 0; n < calls; n++)
            {
                contenders[i]();
            }
            samples[i].Add(sw.Elapsed.TotalMicroseconds / calls);
        }
    }
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var n = 0; n < calls; n++)
    {
        image.Write(ImageView.Rgb(rgb, w, h), tensor);
    }
    var bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    var m = samples.Select(Median).ToArray();
    Console.WriteLine($"| {photo} ({w}x{h}) | {size}x{size}x3, scale {scale:G4}, offset {offset:G4} | {m[0]:F0} | {m[1]:F0} | {m[2]:F0} | {m[0] / m[1]:F1}x | {bytesPerCall:F0} |");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
