using EdgeRuntime.Sensors.Distance;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The configured obstacle-distance sensor: passes saying so when <c>Distance:Enabled</c> is false; otherwise it is
/// opened through the binding as <c>edge run</c> opens it and read once. The service's <c>edge</c> user must be in
/// group <c>i2c</c> where the system has one.
/// </summary>
internal sealed class DistanceCheck(DistanceOptions options, DoctorProbes probes, ServiceAccount account) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "distance";

    /// <inheritdoc />
    public CheckResult Run()
    {
        if (!options.Enabled)
        {
            return CheckResult.Pass(Name, "not configured (Distance:Enabled is false)");
        }
        int millimetres;
        string description;
        try
        {
            var device = probes.OpenI2c?.Invoke(options) ?? DistanceComponent.OpenDevice(options);
            using var sensor = Vl53L0xSensor.Open(device, options);
            description = sensor.Description;
            millimetres = sensor.ReadMillimetres();
        }
        // Whatever the bus or the binding throws is the answer: the sensor is not usable.
        catch (Exception e)
        {
            return CheckResult.Fail(Name, $"{options.Describe()}: {e.Message}",
                "enable I2C (sudo raspi-config nonint do_i2c 0), check the wiring (hardware/README.md) and that i2cdetect -y " + options.Bus + " shows the address");
        }
        if (account.Missing("i2c") is { } missing)
        {
            return CheckResult.Fail(Name, $"{description} answers, but {missing.Wrong}", missing.Fix);
        }
        return CheckResult.Pass(Name, $"{description} reads {millimetres} mm ({account.Note("i2c")})");
    }
}
