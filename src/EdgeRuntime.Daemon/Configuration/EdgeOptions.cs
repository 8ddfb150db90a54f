using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Output;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Speech;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Sensors.Gpio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Configuration;

/// <summary>The daemon's validated settings. Each layer contributes its section; all errors are reported at once.</summary>
internal sealed class EdgeOptions
{
    public required LogLevel LogLevel { get; init; }

    public required OnnxOptions Onnx { get; init; }

    public required TimeSpan ShutdownTimeout { get; init; }

    /// <summary>The <c>Mqtt:</c> section; an empty host selects the console/JSONL sink.</summary>
    public required MqttOptions Mqtt { get; init; }

    /// <summary>The <c>Output:Jsonl</c> section: the console sink's copy on disk.</summary>
    public required JsonlOptions Jsonl { get; init; }

    /// <summary><c>Output:StatsInterval</c>: how often the cascade's figures go to <c>&lt;prefix&gt;/stats</c>.</summary>
    public required TimeSpan StatsInterval { get; init; }

    public required CameraOptions Camera { get; init; }

    public required AudioOptions Audio { get; init; }

    public required GpioOptions Gpio { get; init; }

    /// <summary>The <c>Distance:</c> section: the obstacle-distance sensor.</summary>
    public required DistanceOptions Distance { get; init; }

    public required AlignerOptions Alignment { get; init; }

    /// <summary>The <c>Cascade:</c> section (gates, escalation, speech segmentation).</summary>
    public required CascadeOptions Cascade { get; init; }

    /// <summary>The <c>Cascade:Models</c> section.</summary>
    public required ModelPaths Models { get; init; }

    /// <summary>The <c>Speech:</c> section.</summary>
    public required SpeechOptions Speech { get; init; }

    /// <summary>The EdgeRuntime home the relative paths are resolved against.</summary>
    public required string Home { get; init; }

    /// <summary>Reads and validates every section; throws <see cref="ConfigurationValidationException"/> listing every bad value.</summary>
    public static EdgeOptions Load(IConfiguration configuration, string home)
    {
        var reader = new ConfigReader(configuration);

        var logging = reader.Section("Logging");
        var level = logging.GetChoice("Level", "Information", "Trace", "Debug", "Information", "Warning", "Error", "Critical");

        var onnx = OnnxOptions.Read(reader.Section("Onnx"), home);

        var pipeline = reader.Section("Pipeline");
        var shutdown = pipeline.GetDuration("ShutdownTimeout", TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        var mqtt = MqttOptions.Read(reader.Section("Mqtt"), home);
        var jsonl = JsonlOptions.Read(reader.Section("Output"), home);
        var statsInterval = reader.Section("Output").GetDuration("StatsInterval", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var camera = CameraOptions.Read(reader.Section("Camera"), home);
        var audio = AudioOptions.Read(reader.Section("Audio"), home);
        var gpio = GpioOptions.Read(reader.Section("Gpio"));
        var distance = DistanceOptions.Read(reader.Section("Distance"));
        var alignment = AlignerOptions.Read(reader.Section("Alignment"));

        var cascadeSection = reader.Section("Cascade");
        var cascade = CascadeOptions.Read(cascadeSection);
        var models = ModelPaths.Read(cascadeSection.Section("Models"));

        var speech = SpeechOptions.Read(reader.Section("Speech"));

        reader.RejectUnknownSections();
        reader.ThrowIfInvalid();
        return new EdgeOptions
        {
            LogLevel = Enum.Parse<LogLevel>(level),
            Onnx = onnx,
            ShutdownTimeout = shutdown,
            Mqtt = mqtt,
            Jsonl = jsonl,
            StatsInterval = statsInterval,
            Camera = camera,
            Audio = audio,
            Gpio = gpio,
            Distance = distance,
            Alignment = alignment,
            Cascade = cascade,
            Models = models,
            Speech = speech,
            Home = home,
        };
    }
}
