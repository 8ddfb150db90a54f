using System.Device.Gpio;
using System.Device.I2c;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Configuration;
using EdgeRuntime.Sensors.Distance;
using EdgeRuntime.Sensors.Gpio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// What a command needs: its output writers, the home folder, (for commands that read settings) configuration, and
/// the hardware seams: <paramref name="gpioDriver"/> opens the GPIO chip's driver (null: libgpiod; tests on a machine without a
/// chip pass a fake one), <paramref name="i2cDevice"/> opens the distance sensor's I2C device (null: <c>/dev/i2c-N</c>).
/// <paramref name="doctorProbes"/>: where <c>edge doctor</c> looks (null: this machine, with the two openers above).
/// <paramref name="standardInputRequests"/>: <c>edge run</c> reads user requests from the
/// process's standard input (the real process; a test in process has no standard input of its own).
/// </summary>
internal sealed class CliContext(TextWriter stdout, TextWriter stderr, string home, IReadOnlyDictionary<string, string?> environment,
    Func<GpioOptions, GpioDriver>? gpioDriver = null, bool standardInputRequests = false,
    Func<DistanceOptions, I2cDevice>? i2cDevice = null, Doctor.DoctorProbes? doctorProbes = null)
{
    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public string Home { get; } = home;

    public IReadOnlyDictionary<string, string?> Environment { get; } = environment;

    /// <summary>Opens the GPIO chip's driver; null: System.Device.Gpio over the board's libgpiod.</summary>
    public Func<GpioOptions, GpioDriver>? GpioDriver { get; } = gpioDriver;

    /// <summary>Opens the distance sensor's I2C device; null: <c>/dev/i2c-N</c> through System.Device.I2c.</summary>
    public Func<DistanceOptions, I2cDevice>? I2cDevice { get; } = i2cDevice;

    /// <summary>Where <c>edge doctor</c> looks; null: this machine's devices, files and service manager.</summary>
    public Doctor.DoctorProbes? DoctorProbes { get; } = doctorProbes;

    /// <summary>Whether <c>edge run</c> reads requests from the process's standard input (when it is a terminal or a pipe).</summary>
    public bool StandardInputRequests { get; } = standardInputRequests;

    /// <summary>Builds and validates configuration (throws <see cref="Core.Configuration.ConfigurationValidationException"/>).</summary>
    public (IConfigurationRoot Configuration, EdgeOptions Options) LoadConfiguration(string? configFile, string? profile, IReadOnlyList<string> overrides)
    {
        profile ??= Environment.GetValueOrDefault("EDGE_PROFILE");
        var configuration = EdgeConfiguration.Build(new ConfigurationSources(Home, configFile, profile, overrides, Environment));
        return (configuration, EdgeOptions.Load(configuration, Home));
    }

    /// <summary>
    /// Logging to standard error (standard output is kept for events and command output): plain
    /// systemd-style lines with priority prefixes when output is not a terminal, one readable line otherwise.
    /// </summary>
    public ILoggerFactory CreateLoggerFactory(LogLevel level) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(level);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (Console.IsErrorRedirected)
        {
            builder.AddSystemdConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = null;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
    });

    public static CliContext FromProcess(TextWriter stdout, TextWriter stderr)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)e.Key] = (string?)e.Value;
        }
        return new CliContext(stdout, stderr, EdgeHome.Path, environment, standardInputRequests: true);
    }
}
