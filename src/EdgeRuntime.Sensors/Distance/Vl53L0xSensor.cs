using System.Device.I2c;
using Iot.Device.Vl53L0X;

namespace EdgeRuntime.Sensors.Distance;

/// <summary>A distance sensor: one reading in millimetres per call.</summary>
public interface IRangeSensor : IDisposable
{
    /// <summary>What it is, for logs and <c>edge devices</c>.</summary>
    string Description { get; }

    /// <summary>The latest distance in millimetres (the model's out-of-range value when nothing is in range).</summary>
    /// <exception cref="IOException">The bus or the sensor failed.</exception>
    int ReadMillimetres();
}

/// <summary>
/// A VL53L0X through Iot.Device.Bindings' <see cref="Vl53L0X"/>: checks the model id first (register 0xC0 reads 0xEE on
/// every VL53L0X, per the datasheet's reference registers), lets the binding reset, initialise and calibrate it, then
/// runs it in continuous mode so a read takes the latest result instead of waiting for a new single shot.
/// </summary>
public sealed class Vl53L0xSensor : IRangeSensor
{
    /// <summary>IDENTIFICATION_MODEL_ID.</summary>
    public const byte ModelIdRegister = 0xC0;

    /// <summary>What <see cref="ModelIdRegister"/> reads on a VL53L0X.</summary>
    public const byte ModelId = 0xEE;

    private readonly Vl53L0X _binding;

    private Vl53L0xSensor(Vl53L0X binding, string description)
    {
        _binding = binding;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Opens the sensor on <paramref name="device"/> (owned from here on, disposed on failure).</summary>
    /// <exception cref="IOException">Nothing answers, or what answers is not a VL53L0X.</exception>
    public static Vl53L0xSensor Open(I2cDevice device, DistanceOptions options)
    {
        try
        {
            Span<byte> id = stackalloc byte[1];
            device.WriteRead([ModelIdRegister], id);
            if (id[0] != ModelId)
            {
                throw new IOException($"the device at 0x{options.Address:x2} on {options.DevicePath} is not a VL53L0X (model id 0x{id[0]:x2}, expected 0x{ModelId:x2})");
            }
            // A hung sensor must fail a read within about a second, so the loop can report it and retry.
            var timeout = (int)Math.Clamp(options.Interval.TotalMilliseconds * 3, 100, 500);
            var binding = new Vl53L0X(device, timeout, true); // true: it disposes the device
            // Timed continuous ranging at the read interval: a read finds a fresh result instead of waiting for one.
            binding.StartContinuousMeasurement((int)options.Interval.TotalMilliseconds);
            var info = binding.Information;
            return new Vl53L0xSensor(binding, $"VL53L0X at 0x{options.Address:x2} on {options.DevicePath} (product {info.ProductId.Trim()}, module {info.ModuleId}, revision {info.Revision})");
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int ReadMillimetres() => _binding.DistanceContinuous;

    /// <summary>Releases the sensor and its I2C device.</summary>
    public void Dispose() => _binding.Dispose();
}
