using EdgeRuntime.Interop.Libc;
using EdgeRuntime.Sensors.Devices;
using EdgeRuntime.Sensors.Tests.Camera;

namespace EdgeRuntime.Sensors.Tests.Devices;

public sealed class DeviceInventoryTests : IDisposable
{
    private readonly TempDir _dev = Repo.TempDir("edge-dev");

    [Fact]
    public void A_camera_is_listed_with_every_format_size_and_frame_rate_the_driver_reports()
    {
        File.WriteAllText(Path.Combine(_dev.Path, "video0"), "");
        var device = new FakeVideoDevice([V4l2.PixYuyv, V4l2.PixMjpeg], [(640, 480), (320, 240)]);
        var inventory = new DeviceInventory(_dev.Path, _dev.Path, _dev.Path, _ => device);
        var camera = Assert.Single(inventory.Cameras());
        Assert.Equal(Path.Combine(_dev.Path, "video0"), camera.Path);
        Assert.StartsWith("Fake Camera", camera.Description, StringComparison.Ordinal);
        Assert.Equal(
            ["YUYV () 640x480 @ 30 fps", "YUYV () 320x240 @ 30 fps", "MJPG () 640x480 @ 30 fps", "MJPG () 320x240 @ 30 fps"],
            camera.Details);
        Assert.True(device.Disposed);
    }

    [Fact]
    public void A_node_that_cannot_be_opened_is_listed_with_the_reason()
    {
        File.WriteAllText(Path.Combine(_dev.Path, "video3"), "");
        File.WriteAllText(Path.Combine(_dev.Path, "gpiochip0"), "");
        var inventory = new DeviceInventory(_dev.Path, _dev.Path, _dev.Path); // the real opener, on a plain file
        var camera = Assert.Single(inventory.Cameras());
        Assert.StartsWith("cannot open: VIDIOC_QUERYCAP", Assert.Single(camera.Details), StringComparison.Ordinal);
        var chip = Assert.Single(inventory.GpioChips());
        Assert.StartsWith("cannot open: cannot open GPIO chip 'gpiochip0'", Assert.Single(chip.Details), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gpio_chip_is_listed_with_its_label_line_count_and_the_libgpiod_it_is_driven_through()
    {
        File.WriteAllText(Path.Combine(_dev.Path, "gpiochip0"), "");
        var inventory = new DeviceInventory(_dev.Path, _dev.Path, _dev.Path, describeGpioChip: path => new System.Device.Gpio.GpioChipInfo(0, Path.GetFileName(path), "pinctrl-bcm2711", 58));
        var chip = Assert.Single(inventory.GpioChips());
        Assert.Equal("pinctrl-bcm2711, 58 lines", chip.Description);
        Assert.StartsWith("through libgpiod v", Assert.Single(chip.Details), StringComparison.Ordinal);
    }

    public void Dispose() => _dev.Dispose();
}
