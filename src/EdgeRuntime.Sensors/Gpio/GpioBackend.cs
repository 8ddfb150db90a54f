using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeRuntime.Sensors.Gpio;

/// <summary>Which libgpiod API System.Device.Gpio drives on this machine.</summary>
public enum LibgpiodApi
{
    /// <summary>Neither libgpiod.so.3 nor libgpiod.so.2 loads: no GPIO.</summary>
    None,

    /// <summary>libgpiod 1.x (<c>libgpiod.so.2</c>: Debian 12, Raspberry Pi OS bookworm) through <see cref="LibGpiodDriver"/>.</summary>
    V1,

    /// <summary>libgpiod 2.x (<c>libgpiod.so.3</c>: Debian 13, Raspberry Pi OS trixie) through <see cref="LibGpiodV2Driver"/>.</summary>
    V2,
}

/// <summary>A GPIO chip could not be opened (absent, no permission, no libgpiod); the message names the chip and the backend.</summary>
public sealed class GpioUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// The GPIO backend chosen by what the board has: System.Device.Gpio's driver for libgpiod v2 when
/// <c>libgpiod.so.3</c> loads, else its v1 driver when <c>libgpiod.so.2</c> does. Opens chips by name
/// (<c>gpiochip0</c>), path (<c>/dev/gpiochip0</c>), number or label.
/// </summary>
public sealed class GpioBackend
{
    /// <summary>The v2 library's soname.</summary>
    public const string V2Library = "libgpiod.so.3";

    /// <summary>The v1 library's soname.</summary>
    public const string V1Library = "libgpiod.so.2";

    private static readonly Lazy<GpioBackend> s_probed = new(() => Probe(CanLoad));

    private GpioBackend(LibgpiodApi api) => Api = api;

    /// <summary>The backend of this machine (probed once).</summary>
    public static GpioBackend Current => s_probed.Value;

    /// <summary>The API in use.</summary>
    public LibgpiodApi Api { get; }

    /// <summary>For logs and <c>edge devices</c>, e.g. <c>libgpiod v1 (libgpiod.so.2, LibGpiodDriver)</c>.</summary>
    public string Description => Api switch
    {
        LibgpiodApi.V2 => $"libgpiod v2 ({V2Library}, System.Device.Gpio LibGpiodV2Driver)",
        LibgpiodApi.V1 => $"libgpiod v1 ({V1Library}, System.Device.Gpio LibGpiodDriver)",
        _ => $"no libgpiod ({V2Library} and {V1Library} do not load; install libgpiod3 or libgpiod2)",
    };

    /// <summary>Chooses v2 when its library loads, else v1; <paramref name="canLoad"/> answers for a soname.</summary>
    public static GpioBackend Probe(Func<string, bool> canLoad) =>
        new(canLoad(V2Library) ? LibgpiodApi.V2 : canLoad(V1Library) ? LibgpiodApi.V1 : LibgpiodApi.None);

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }
        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>The chips libgpiod lists (empty when there are none or no libgpiod).</summary>
    public IReadOnlyList<GpioChipInfo> Chips()
    {
        try
        {
            return Api switch
            {
                LibgpiodApi.V2 => [.. LibGpiodV2Driver.GetAvailableChips()],
                LibgpiodApi.V1 => [.. LibGpiodDriver.GetAvailableChips()],
                _ => [],
            };
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or GpiodException)
        {
            return [];
        }
    }

    /// <summary>Opens <paramref name="chip"/> with this backend's driver.</summary>
    /// <exception cref="GpioUnavailableException">No libgpiod, no such chip, or it cannot be opened.</exception>
    public GpioDriver Open(string chip)
    {
        if (Api == LibgpiodApi.None)
        {
            throw new GpioUnavailableException($"cannot open GPIO chip '{chip}': {Description}");
        }
        var number = ChipNumber(chip) ?? Chips().FirstOrDefault(c => c.Label == chip || c.Name == chip)?.Id
            ?? throw new GpioUnavailableException($"no GPIO chip '{chip}' (by name, path, number or label; libgpiod lists {ChipList()}) [{Description}]");
        try
        {
            return Api == LibgpiodApi.V2 ? new LibGpiodV2Driver(number) : new LibGpiodDriver(number);
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or GpiodException or UnauthorizedAccessException)
        {
            throw new GpioUnavailableException($"cannot open GPIO chip '{chip}' (/dev/gpiochip{number}): {Reason(e)} [{Description}]", e);
        }
    }

    /// <summary>Names the libgpiod API behind <paramref name="driver"/> (a test's driver by its type).</summary>
    public static string DescribeDriver(GpioDriver driver) => driver switch
    {
        LibGpiodV2Driver => $"libgpiod v2 ({V2Library})",
        LibGpiodDriver => $"libgpiod v1 ({V1Library})",
        _ => driver.GetType().Name,
    };

    /// <summary>The number in <c>gpiochipN</c>, <c>/dev/gpiochipN</c> or <c>N</c>; null for anything else (a label).</summary>
    public static int? ChipNumber(string chip)
    {
        var name = chip.StartsWith("/dev/", StringComparison.Ordinal) ? chip[5..] : chip;
        var digits = name.StartsWith("gpiochip", StringComparison.Ordinal) ? name[8..] : name;
        return digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private string ChipList() => Chips() is { Count: > 0 } chips ? string.Join(", ", chips.Select(c => $"{c.Name} ({c.Label})")) : "none";

    // GpiodException says only "Exception while calling libgpiod"; the reason is in the inner exception.
    private static string Reason(Exception e) => e.InnerException is { } inner ? $"{e.Message}: {inner.Message.Split('\n')[0]}" : e.Message;
}
