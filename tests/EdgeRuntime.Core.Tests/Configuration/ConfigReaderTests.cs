using EdgeRuntime.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Core.Tests.Configuration;

public sealed class ConfigReaderTests
{
    private static ConfigReader Reader(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Values_within_range_are_returned_typed()
    {
        var reader = Reader(("A:Port", "1883"), ("A:Ratio", "0.25"), ("A:On", "yes"), ("A:Wait", "250ms"), ("A:Mode", "FAST"));
        var a = reader.Section("A");
        Assert.Equal(1883, a.GetInt("Port", 0, 1, 65535));
        Assert.Equal(0.25, a.GetDouble("Ratio", 0, 0, 1));
        Assert.True(a.GetBool("On", false));
        Assert.Equal(TimeSpan.FromMilliseconds(250), a.GetDuration("Wait", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal("fast", a.GetChoice("Mode", "slow", "slow", "fast"));
        reader.ThrowIfInvalid();
    }

    [Fact]
    public void Missing_values_fall_back_to_defaults()
    {
        var reader = Reader();
        var a = reader.Section("A");
        Assert.Equal(7, a.GetInt("N", 7, 0, 10));
        Assert.Equal(["x", "y"], a.GetList("L", ["x", "y"]));
        reader.ThrowIfInvalid();
    }

    [Theory]
    [InlineData("Port", "70000", "an integer from 1 to 65535")]
    [InlineData("Port", "abc", "an integer from 1 to 65535")]
    [InlineData("Ratio", "NaN", "a number from 0 to 1")]
    [InlineData("On", "maybe", "true or false")]
    [InlineData("Wait", "forever", "a duration")]
    [InlineData("Mode", "warp", "one of slow, fast")]
    public void Each_bad_value_is_reported_with_its_key_value_and_what_is_allowed(string key, string value, string allowed)
    {
        var reader = Reader(("A:" + key, value));
        var a = reader.Section("A");
        a.GetInt("Port", 1883, 1, 65535);
        a.GetDouble("Ratio", 0, 0, 1);
        a.GetBool("On", false);
        a.GetDuration("Wait", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        a.GetChoice("Mode", "slow", "slow", "fast");

        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        var error = Assert.Single(e.Errors);
        Assert.Equal("A:" + key, error.Key);
        Assert.Equal(value, error.Value);
        Assert.Contains(allowed, error.Allowed, StringComparison.Ordinal);
        Assert.Contains($"A:{key} = '{value}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_reported_together()
    {
        var reader = Reader(("A:X", "-1"), ("A:Y", "-2"));
        var a = reader.Section("A");
        a.GetInt("X", 0, 0, 5);
        a.GetInt("Y", 0, 0, 5);
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        Assert.Equal(["A:X", "A:Y"], e.Errors.Select(x => x.Key));
    }

    [Fact]
    public void A_misspelt_key_in_a_known_section_is_rejected_naming_the_known_keys()
    {
        var reader = Reader(("Mqtt:Hots", "broker"));
        var mqtt = reader.Section("Mqtt");
        mqtt.GetString("Host", "");
        mqtt.GetInt("Port", 1883, 1, 65535);
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        var error = Assert.Single(e.Errors);
        Assert.Equal("Mqtt:Hots", error.Key);
        Assert.Contains("Host, Port", error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_accept_indexed_children_or_a_comma_separated_value()
    {
        var reader = Reader(("A:L:0", "CUDA"), ("A:L:1", "CPU"), ("A:M", "TensorRT, CPU"));
        var a = reader.Section("A");
        Assert.Equal(["CUDA", "CPU"], a.GetList("L", []));
        Assert.Equal(["TensorRT", "CPU"], a.GetList("M", []));
        reader.ThrowIfInvalid();
    }

    [Fact]
    public void A_required_string_that_is_empty_is_an_error()
    {
        var reader = Reader(("A:Name", " "));
        reader.Section("A").GetString("Name", "", required: true);
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        Assert.Equal("A:Name", Assert.Single(e.Errors).Key);
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("20ms", 20)]
    [InlineData("2m", 120000)]
    public void Durations_parse_with_and_without_units(string text, double ms)
    {
        Assert.True(ConfigSection.TryParseDuration(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds, 6);
    }
}
