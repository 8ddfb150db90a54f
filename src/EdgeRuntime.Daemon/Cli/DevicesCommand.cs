using System.CommandLine;
using EdgeRuntime.Sensors.Devices;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Daemon.Cli;

/// <summary>
/// <c>edge devices</c>: cameras, audio capture devices and GPIO chips on this machine, and the configured distance
/// sensor (read with the same <c>--config</c>, <c>--profile</c> and <c>--set</c> as <c>edge run</c>).
/// </summary>
internal static class DevicesCommand
{
    public static Command Create(CliContext context)
    {
        var options = new EdgeCli.ConfigOptions();
        var command = new Command("devices", "List V4L2 cameras, audio capture devices, GPIO chips and the configured distance sensor.");
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (_, edgeOptions) = context.LoadConfiguration(parse.GetValue(options.Config)?.FullName, parse.GetValue(options.Profile), parse.GetValue(options.Set) ?? []);
            var inventory = new DeviceInventory();
            Section(context.Out, "Cameras (V4L2)", inventory.Cameras(), "no V4L2 camera found (/dev/video* absent)");
            Section(context.Out, "Audio capture (PortAudio)", inventory.AudioCaptureDevices(), "no audio capture device found (PortAudio lists none; /proc/asound/pcm lists none)");
            Section(context.Out, $"GPIO chips (through {GpioBackend.Current.Description})", inventory.GpioChips(), "no GPIO chip found (/dev/gpiochip* absent)");
            var i2c = context.I2cDevice;
            Section(context.Out, "Distance sensor (I2C)", inventory.DistanceSensors(edgeOptions.Distance, i2c is null ? null : () => i2c(edgeOptions.Distance)),
                "no distance sensor (Distance:Enabled is false)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Section(TextWriter output, string title, IReadOnlyList<DeviceInfo> devices, string none)
    {
        output.WriteLine(title + ":");
        if (devices.Count == 0)
        {
            output.WriteLine("  none: " + none);
        }
        foreach (var d in devices)
        {
            output.WriteLine($"  {d.Path,-16} {d.Description}");
            foreach (var detail in d.Details)
            {
                output.WriteLine($"      {detail}");
            }
        }
    }
}
