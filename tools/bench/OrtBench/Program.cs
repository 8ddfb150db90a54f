// OrtBench: median and p95 of one model call through EdgeRuntime's binding and through onnxruntime-node, interleaved
// in rounds so both see the same machine load. Both use the same libonnxruntime build (1.22.0, identical sha256), the
// same intra-op thread count, one inter-op thread, full graph optimization and the same spinning setting.
//
//   dotnet run -c Release --project tools/bench/OrtBench -- [--rounds 5] [--vad 400] [--det 15] [--threads 1] [--spinning 1]
// (--vad sets the run count of the tiny and VAD blocks, --det that of the detector block, per round and side.)
//
// Prerequisites: tools/bootstrap.sh (models), and `npm install --ignore-scripts` in tools/bench/OrtBench/node.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Inference.Models;
using EdgeRuntime.Inference.Runtime;

var settings = Settings.Parse(args);
var home = EdgeHome.Path;
var vadModel = Path.Combine(home, ".deps", "models", "silero-vad", "silero_vad_v5.onnx");
var detModel = Path.Combine(home, ".deps", "models", "ppocr", "det.onnx");
var nodeScript = Path.Combine(home, "tools", "bench", "OrtBench", "node", "bench.js");
foreach (var f in new[] { vadModel, detModel, nodeScript })
{
    if (!File.Exists(f))
    {
        Console.Error.WriteLine($"missing {f}: run tools/bootstrap.sh and npm install --ignore-scripts in tools/bench/OrtBench/node");
        return 2;
    }
}

var tinyModel = Path.Combine(Path.GetTempPath(), $"ortbench-relu-{Environment.ProcessId}.onnx");
File.WriteAllBytes(tinyModel, EdgeRuntime.Testing.TinyOnnx.Unary("Relu", 1, 512));
var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = settings.Threads, AllowSpinning = settings.Spinning });
var samples = new Dictionary<string, List<double>>();
void Add(string key, IEnumerable<double> micros) => (samples.TryGetValue(key, out var l) ? l : samples[key] = []).AddRange(micros);

for (var round = 0; round < settings.Rounds; round++)
{
    // Alternate who goes first so neither side always gets the quieter half of a round.
    var csharpFirst = round % 2 == 0;
    foreach (var (kind, model, iterations, warmup) in new[]
    {
        ("tiny", tinyModel, settings.VadIterations, 50), ("vad", vadModel, settings.VadIterations, 50), ("det", detModel, settings.DetIterations, 2),
    })
    {
        for (var side = 0; side < 2; side++)
        {
            if ((side == 0) == csharpFirst)
            {
                foreach (var binding in new[] { RunnerBinding.IoBinding, RunnerBinding.Run })
                {
                    Add($"edge-{binding} {kind}", kind switch
                    {
                        "tiny" => Bench.Tiny(runtime, model, binding, warmup, iterations),
                        "vad" => Bench.Vad(runtime, model, binding, warmup, iterations),
                        _ => Bench.Det(runtime, model, binding, warmup, iterations),
                    });
                }
            }
            else
            {
                Add($"node {kind}", Bench.Node(nodeScript, kind, model, warmup, iterations, settings));
            }
        }
    }
    Console.Error.WriteLine($"round {round + 1}/{settings.Rounds} done");
}

Console.WriteLine($"ONNX Runtime {OrtRuntime.Version}, {Environment.ProcessorCount} cores, intra-op threads {settings.Threads}, spinning {(settings.Spinning ? "on" : "off")}, {settings.Rounds} interleaved rounds");
Console.WriteLine();
Console.WriteLine("| call | binding | runs | median µs | p95 µs | median ratio edge/node |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
foreach (var (kind, label) in new[] { ("tiny", "one Relu over 512 floats (call overhead)"), ("vad", "silero VAD v5, one 512-sample hop"), ("det", "PP-OCRv4 det, 1x3x640x640") })
{
    var node = Stats.Of(samples[$"node {kind}"]);
    foreach (var binding in new[] { RunnerBinding.IoBinding, RunnerBinding.Run })
    {
        var edge = Stats.Of(samples[$"edge-{binding} {kind}"]);
        Console.WriteLine($"| {label} | EdgeRuntime ({binding}) | {edge.Count} | {Us(edge.Median)} | {Us(edge.P95)} | {edge.Median / node.Median:F2} |");
    }
    Console.WriteLine($"| {label} | onnxruntime-node | {node.Count} | {Us(node.Median)} | {Us(node.P95)} | |");
}
File.Delete(tinyModel);
return 0;

static string Us(double micros) => micros < 100 ? micros.ToString("F1", CultureInfo.InvariantCulture) : micros.ToString("F0", CultureInfo.InvariantCulture);

internal sealed record Settings(int Rounds, int VadIterations, int DetIterations, int Threads, bool Spinning)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(5, 400, 15, 1, true);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--rounds" => s with { Rounds = v },
                "--vad" => s with { VadIterations = v },
                "--det" => s with { DetIterations = v },
                "--threads" => s with { Threads = v },
                "--spinning" => s with { Spinning = v != 0 },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}

internal readonly record struct Stats(int Count, double Median, double P95)
{
    public static Stats Of(List<double> micros)
    {
        var sorted = micros.Order().ToArray();
        return new Stats(sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.95));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

internal static class Bench
{
    /// <summary>The deterministic input pattern shared with bench.js.</summary>
    public static void Pattern(Span<float> a, float amplitude)
    {
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = ((long)i * 7919 % 255 / 255f - 0.5f) * amplitude;
        }
    }

    /// <summary>512 floats in, one Relu, the first output read: nearly all of the time is the binding and ONNX Runtime's call path.</summary>
    public static double[] Tiny(OrtRuntime runtime, string path, RunnerBinding binding, int warmup, int iterations)
    {
        using var model = runtime.Load(path);
        using var runner = model.CreateRunner(binding);
        var data = new float[512];
        Pattern(data, 1f);
        float Step()
        {
            data.CopyTo(runner.Input<float>(0));
            runner.Run();
            return runner.Output<float>(0)[0];
        }
        return Time(Step, warmup, iterations);
    }

    /// <summary>One hop: copy 512 samples in, run, carry the state, read the probability (what a VAD tier does).</summary>
    public static double[] Vad(OrtRuntime runtime, string path, RunnerBinding binding, int warmup, int iterations)
    {
        using var model = runtime.Load(path);
        using var runner = model.CreateRunner(binding);
        int input = runner.InputIndex("input"), state = runner.InputIndex("state"), output = runner.OutputIndex("output"), stateN = runner.OutputIndex("stateN");
        runner.SetInputShape(input, [1, 512]);
        runner.SetInputShape(state, [2, 1, 128]);
        runner.Input<long>("sr")[0] = 16000;
        var audio = new float[16000 * 4];
        Pattern(audio, 0.1f);
        var hops = audio.Length / 512;
        var hop = 0;
        float Step()
        {
            var from = hop++ % hops * 512;
            audio.AsSpan(from, 512).CopyTo(runner.Input<float>(input));
            runner.Run();
            runner.Output<float>(stateN).CopyTo(runner.Input<float>(state));
            return runner.Output<float>(output)[0];
        }
        return Time(Step, warmup, iterations);
    }

    /// <summary>One detector call on a 640x640 input that stays in the pooled buffer.</summary>
    public static double[] Det(OrtRuntime runtime, string path, RunnerBinding binding, int warmup, int iterations)
    {
        using var model = runtime.Load(path);
        using var runner = model.CreateRunner(binding);
        runner.SetInputShape(0, [1, 3, 640, 640]);
        Pattern(runner.Input<float>(0), 1f);
        float Step()
        {
            runner.Run();
            return runner.Output<float>(0)[0];
        }
        return Time(Step, warmup, iterations);
    }

    private static double[] Time(Func<float> step, int warmup, int iterations)
    {
        for (var i = 0; i < warmup; i++)
        {
            step();
        }
        var micros = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            step();
            micros[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        return micros;
    }

    public static double[] Node(string script, string kind, string model, int warmup, int iterations, Settings s)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { script, kind, model, warmup.ToString(CultureInfo.InvariantCulture), iterations.ToString(CultureInfo.InvariantCulture),
            s.Threads.ToString(CultureInfo.InvariantCulture), s.Spinning ? "1" : "0" })
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var line = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} {kind} exited {p.ExitCode}");
        }
        using var doc = JsonDocument.Parse(line);
        return [.. doc.RootElement.GetProperty("micros").EnumerateArray().Select(e => e.GetDouble())];
    }
}
