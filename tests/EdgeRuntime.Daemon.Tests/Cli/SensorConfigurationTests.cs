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

    [Fact]
    public async Task Without_the_OpenCV_extern_an_opencv_camera_stops_run_with_exit_3_saying_where_the_library_goes()
    {
        // The daemon's default build carries no native OpenCV (only -p:EdgeOpenCv=true adds it), as on a Raspberry Pi.
        var video = Path.Combine(Repo.Root, ".deps/scenarios/sample/video.mp4");
        var (exit, _, err) = await CliHarness.Run(["run", "--set", "Camera:Source=opencv", "--set", "Camera:Device=" + video]);
        Assert.Equal(3, exit);
        Assert.Contains("libOpenCvSharpExtern.so", err, StringComparison.Ordinal);
        Assert.Contains("-p:EdgeOpenCv=true", err, StringComparison.Ordinal);
        Assert.Contains("video.mp4", err, StringComparison.Ordinal);
    }
}
