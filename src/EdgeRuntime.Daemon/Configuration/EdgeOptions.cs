using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Output;
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

        reader.ThrowIfInvalid();
        return new EdgeOptions
        {
            LogLevel = Enum.Parse<LogLevel>(level),
            Onnx = onnx,
            ShutdownTimeout = shutdown,
            Mqtt = mqtt,
        };
    }
}
