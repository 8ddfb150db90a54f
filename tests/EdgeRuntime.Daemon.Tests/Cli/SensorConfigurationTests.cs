namespace EdgeRuntime.Daemon.Tests.Cli;

public sealed class SensorConfigurationTests
{
    [Theory]
    [InlineData("Camera:Source=pipe", "Camera:PipeCommand", "required when Source is pipe")]
    [InlineData("Audio:Source=replay", "Audio:ReplayFile", "required when Source is replay")]
    [InlineData("Alignment:Before=forever", "Alignment:Before", "a duration")]
    public async Task A_bad_sensor_setting_stops_run_naming_the_key(string set, string key, string allowed)
    {
        var (exit, _, err) = await CliHarness.Run(["run", "--set", set]);
        Assert.Equal(2, exit);
        Assert.Contains(key, err, StringComparison.Ordinal);
        Assert.Contains(allowed, err, StringComparison.Ordinal);
    }
}
