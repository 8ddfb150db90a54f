// OrtBench: median and p95 of one model call through EdgeRuntime's inference layer (Microsoft.ML.OnnxRuntime with
// OrtValues over pooled buffers and an OrtIoBinding) and through onnxruntime-node, interleaved in rounds so both see the
// same machine load. Each uses its own package's native library (edge: the Microsoft.ML.OnnxRuntime NuGet build; node: the
// build inside onnxruntime-node), with the same intra-op thread count, one inter-op thread, full graph optimization and the
// same spinning setting.
//
//   dotnet run -c Release --project tools/bench/OrtBench -- [--rounds 40] [--block 50] [--det-block 1] [--threads 1] [--spinning 1]
// Each round runs one block per contender (EdgeRuntime, onnxruntime-node) for each model, in an order that rotates every
// round; sessions stay loaded throughout (Node's in a child process driven over stdin).
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

// The version npm installed, for the table (the node side loads the native library of that package).
var nodeVersion = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, "tools", "bench", "OrtBench", "node", "node_modules", "onnxruntime-node", "package.json")))
    .RootElement.GetProperty("version").GetString();
var tinyModel = Path.Combine(Path.GetTempPath(), $"ortbench-relu-{Environment.ProcessId}.onnx");
File.WriteAllBytes(tinyModel, EdgeRuntime.Testing.TinyOnnx.Unary("Relu", 1, 512));
var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = settings.Threads, AllowSpinning = settings.Spinning });
var samples = new Dictionary<string, List<double>>();
var kinds = new[] { ("tiny", tinyModel, settings.SmallBlock, 200), ("vad", vadModel, settings.SmallBlock, 100), ("det", detModel, settings.DetBlock, 3) };

// Every contender keeps its session loaded for the whole run; each round runs one block of each, in rotating order.
var contenders = new List<(string Key, Func<int, double[]> Block, IDisposable Owner)>();
foreach (var (kind, model, _, warmup) in kinds)
{
    var bench = new EdgeBench(runtime, kind, model, warmup);
    contenders.Add(($"edge {kind}", bench.Block, bench));
    var node = new NodeBench(nodeScript, kind, model, warmup, settings);
    contenders.Add(($"node {kind}", node.Block, node));
}
for (var round = 0; round < settings.Rounds; round++)
{
    foreach (var (kind, _, block, _) in kinds)
    {
        var mine = contenders.Where(c => c.Key.EndsWith(" " + kind, StringComparison.Ordinal)).ToArray();
        for (var j = 0; j < mine.Length; j++)
        {
            var c = mine[(j + round) % mine.Length];
            (samples.TryGetValue(c.Key, out var l) ? l : samples[c.Key] = []).AddRange(c.Block(block));
        }
    }
    if ((round + 1) % 10 == 0)
    {
        Console.Error.WriteLine($"round {round + 1}/{settings.Rounds} done");
    }
}
foreach (var c in contenders)
{
    c.Owner.Dispose();
}

Console.WriteLine($"ONNX Runtime {OrtRuntime.Version}, {Environment.ProcessorCount} cores, intra-op threads {settings.Threads}, spinning {(settings.Spinning ? "on" : "off")}, {settings.Rounds} rounds of interleaved blocks ({settings.SmallBlock} calls, det {settings.DetBlock})");
Console.WriteLine();
Console.WriteLine("| call | contender | runs | median µs | p95 µs | median ratio edge/node |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
foreach (var (kind, label) in new[] { ("tiny", "one Relu over 512 floats (call overhead)"), ("vad", "silero VAD v5, one 512-sample hop"), ("det", "PP-OCRv4 det, 1x3x640x640") })
{
    var node = Stats.Of(samples[$"node {kind}"]);
    var edge = Stats.Of(samples[$"edge {kind}"]);
    Console.WriteLine($"| {label} | EdgeRuntime (ONNX Runtime {OrtRuntime.Version}) | {edge.Count} | {Us(edge.Median)} | {Us(edge.P95)} | {edge.Median / node.Median:F2} |");
    Console.WriteLine($"| {label} | onnxruntime-node ({nodeVersion}) | {node.Count} | {Us(node.Median)} | {Us(node.P95)} | |");
}
File.Delete(tinyModel);
return 0;

static string Us(double micros) => micros < 100 ? micros.ToString("F1", CultureInfo.InvariantCulture) : micros.ToString("F0", CultureInfo.InvariantCulture);

internal sealed record Settings(int Rounds, int SmallBlock, int DetBlock, int Threads, bool Spinning)
{
    public static Settings Parse(string[] args)
    {
        var s = new Settings(40, 50, 1, 1, true);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--rounds" => s with { Rounds = v },
                "--block" => s with { SmallBlock = v },
                "--det-block" => s with { DetBlock = v },
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

/// <summary>One EdgeRuntime contender: a loaded model and runner, and the step a user of that model writes.</summary>
internal sealed class EdgeBench : IDisposable
{
    private readonly OrtModel _model;
    private readonly OrtRunner _runner;
    private readonly Func<float> _step;

    public EdgeBench(OrtRuntime runtime, string kind, string path, int warmup)
    {
        _model = runtime.Load(path);
        _runner = _model.CreateRunner();
        _step = kind switch { "tiny" => Tiny(_runner), "vad" => Vad(_runner), _ => Det(_runner) };
        for (var i = 0; i < warmup; i++)
        {
            _step();
        }
    }

    public double[] Block(int calls)
    {
        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            _step();
            micros[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        return micros;
    }

    /// <summary>The deterministic input pattern shared with bench.js.</summary>
    public static void Pattern(Span<float> a, float amplitude)
    {
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = ((long)i * 7919 % 255 / 255f - 0.5f) * amplitude;
        }
    }

    /// <summary>512 floats in, one Relu, the first output read: nearly all of the time is the binding and ONNX Runtime's call path.</summary>
    private static Func<float> Tiny(OrtRunner runner)
    {
        var data = new float[512];
        Pattern(data, 1f);
        return () =>
        {
            data.CopyTo(runner.Input<float>(0));
            runner.Run();
            return runner.Output<float>(0)[0];
        };
    }

    /// <summary>One hop: copy 512 samples in, run, carry the state, read the probability (what a VAD tier does).</summary>
    private static Func<float> Vad(OrtRunner runner)
    {
        int input = runner.InputIndex("input"), state = runner.InputIndex("state"), output = runner.OutputIndex("output"), stateN = runner.OutputIndex("stateN");
        runner.SetInputShape(input, [1, 512]);
        runner.SetInputShape(state, [2, 1, 128]);
        runner.Input<long>("sr")[0] = 16000;
        var audio = new float[16000 * 4];
        Pattern(audio, 0.1f);
        var hops = audio.Length / 512;
        var hop = 0;
        return () =>
        {
            var from = hop++ % hops * 512;
            audio.AsSpan(from, 512).CopyTo(runner.Input<float>(input));
            runner.Run();
            runner.Output<float>(stateN).CopyTo(runner.Input<float>(state));
            return runner.Output<float>(output)[0];
        };
    }

    /// <summary>One detector call on a 640x640 input that stays in the pooled buffer.</summary>
    private static Func<float> Det(OrtRunner runner)
    {
        runner.SetInputShape(0, [1, 3, 640, 640]);
        Pattern(runner.Input<float>(0), 1f);
        return () =>
        {
            runner.Run();
            return runner.Output<float>(0)[0];
        };
    }

    public void Dispose()
    {
        _runner.Dispose();
        _model.Dispose();
    }
}

/// <summary>One onnxruntime-node contender: bench.js in a child process, one session, driven a block at a time.</summary>
internal sealed class NodeBench : IDisposable
{
    private readonly Process _process;

    public NodeBench(string script, string kind, string model, int warmup, Settings s)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { script, kind, model, warmup.ToString(CultureInfo.InvariantCulture),
            s.Threads.ToString(CultureInfo.InvariantCulture), s.Spinning ? "1" : "0" })
        {
            info.ArgumentList.Add(a);
        }
        _process = Process.Start(info)!;
        var ready = _process.StandardOutput.ReadLine();
        if (ready != "ready")
        {
            throw new InvalidOperationException($"node {script} {kind} did not start (said '{ready}')");
        }
    }

    public double[] Block(int calls)
    {
        _process.StandardInput.WriteLine(calls.ToString(CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("node bench exited");
        using var doc = JsonDocument.Parse(line);
        return [.. doc.RootElement.GetProperty("micros").EnumerateArray().Select(e => e.GetDouble())];
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        _process.WaitForExit();
        _process.Dispose();
    }
}
