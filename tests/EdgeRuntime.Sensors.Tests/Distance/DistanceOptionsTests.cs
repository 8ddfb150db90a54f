using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Sensors.Distance;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Sensors.Tests.Distance;

public class DistanceOptionsTests
{
    private static (ConfigReader Reader, DistanceOptions Options) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
        var reader = new ConfigReader(configuration);
        return (reader, DistanceOptions.Read(reader.Section("Distance")));
    }

    [Fact]
    public void Defaults_are_off_a_VL53L0X_at_0x29_on_bus_1_with_an_obstacle_from_1_m_to_1_2_m()
    {
        var (reader, o) = Read();
        reader.ThrowIfInvalid();
        Assert.Equal((false, 1, 0x29, "vl53l0x", 1000, 1200), (o.Enabled, o.Bus, o.Address, o.Model, o.ObstacleEnter, o.ObstacleLeave));
        Assert.Equal("VL53L0X at 0x29 on /dev/i2c-1", o.Describe());
    }

    [Fact]
    public void Every_setting_is_read_with_its_type_and_the_address_in_hex_or_decimal()
    {
        var (reader, o) = Read(("Distance:Enabled", "true"), ("Distance:Name", "chest"), ("Distance:Bus", "3"), ("Distance:Address", "0x30"),
            ("Distance:Interval", "50ms"), ("Distance:ObstacleEnter", "800"), ("Distance:ObstacleLeave", "950"), ("Distance:RepeatAfter", "5s"),
            ("Distance:CloserBy", "200"), ("Distance:ReportStep", "20"), ("Distance:Speak", "false"), ("Distance:MaxRange", "1500"), ("Distance:Model", "VL53L0X"));
        reader.ThrowIfInvalid();
        Assert.Equal((true, "chest", 3, 0x30, TimeSpan.FromMilliseconds(50)), (o.Enabled, o.Name, o.Bus, o.Address, o.Interval));
        Assert.Equal((800, 950, TimeSpan.FromSeconds(5), 200, 20, false, 1500), (o.ObstacleEnter, o.ObstacleLeave, o.RepeatAfter, o.CloserBy, o.ReportStep, o.Speak, o.MaxRange));
        Assert.Equal(41, Read(("Distance:Address", "41")).Options.Address);
    }

    [Theory]
    [InlineData("Distance:Address", "0x80", "Distance:Address", "0x08 to 0x77")]
    [InlineData("Distance:Address", "twenty", "Distance:Address", "0x08 to 0x77")]
    [InlineData("Distance:Bus", "-1", "Distance:Bus", "from 0 to 255")]
    [InlineData("Distance:Model", "vl53l1x", "Distance:Model", "one of vl53l0x")]
    [InlineData("Distance:Interval", "5ms", "Distance:Interval", "20ms")]
    [InlineData("Distance:ObstacleLeave", "900", "Distance:ObstacleLeave", "more than Distance:ObstacleEnter (1000 mm)")]
    [InlineData("Distance:ObstacleLeave", "2500", "Distance:ObstacleLeave", "less than Distance:MaxRange (2000 mm)")]
    public void A_bad_value_names_its_key_and_what_is_allowed(string key, string value, string errorKey, string allowed)
    {
        var (reader, _) = Read((key, value));
        var error = Assert.Single(reader.Errors);
        Assert.Equal(errorKey, error.Key);
        Assert.Contains(allowed, error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_is_rejected()
    {
        var (reader, _) = Read(("Distance:Adress", "0x29"));
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        Assert.Contains("Distance:Adress", e.Message, StringComparison.Ordinal);
    }
}
