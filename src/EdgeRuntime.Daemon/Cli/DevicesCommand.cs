using System.CommandLine;
using EdgeRuntime.Sensors.Devices;
using EdgeRuntime.Sensors.Gpio;

namespace EdgeRuntime.Daemon.Cli;

/// <summary><c>edge devices</c>: cameras, audio capture devices and GPIO chips on this machine.</summary>
internal static class DevicesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("devices", "List V4L2 cameras, audio capture devices and GPIO chips.");
        command.SetAction(_ =>
        {
            var inventory = new DeviceInventory();
            Section(context.Out, "Cameras (V4L2)", inventory.Cameras(), "no V4L2 camera found (/dev/video* absent)");
            Section(context.Out, "Audio capture (PortAudio)", inventory.AudioCaptureDevices(), "no audio capture device found (PortAudio lists none; /proc/asound/pcm lists none)");
            Section(context.Out, $"GPIO chips (through {GpioBackend.Current.Description})", inventory.GpioChips(), "no GPIO chip found (/dev/gpiochip* absent)");
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
