using EdgeRuntime.Interop.Gpiod;

namespace EdgeRuntime.Interop.Tests.Gpiod;

/// <summary>The libgpiod binding on this machine, which has no GPIO chip: loading and the error paths.</summary>
public class GpioChipTests
{
    [Fact]
    public void The_library_loads_and_is_the_v1_6_API()
    {
        Assert.StartsWith("1.6", GpioChip.LibraryVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpiochip99")]
    [InlineData("/dev/gpiochip99")]
    [InlineData("no-such-label")]
    public void Opening_a_chip_that_does_not_exist_fails_with_the_errno_and_the_chip_named(string chip)
    {
        var e = Assert.Throws<GpioException>(() => GpioChip.Open(chip));
        Assert.Contains(chip, e.Message, StringComparison.Ordinal);
        Assert.True(e.Errno is 2 or 19, $"ENOENT or ENODEV, got {e.Errno}: {e.Message}");
    }

    [Fact]
    public void Opening_a_file_that_is_not_a_gpio_chip_is_refused()
    {
        var e = Assert.Throws<GpioException>(() => GpioChip.Open("/dev/null"));
        Assert.NotEqual(0, e.Errno);
    }
}
