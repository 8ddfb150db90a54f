using EdgeRuntime.Daemon.Configuration;

namespace EdgeRuntime.Daemon.Tests.Cli;

public sealed class ProfileTests
{
    public static TheoryData<string> Profiles() =>
        [.. Directory.EnumerateFiles(Repo.Path("hardware", "profiles"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The Jetson profile names JetPack's ONNX Runtime build, which this machine lacks (JetsonProfileTests checks that
    /// error): the package's CPU build stands in for it so the rest of the profile is checked.
    /// </summary>
    private static string[] Overrides(string profile) => profile == "jetson-orin-nano"
        ? [$"Onnx:LibraryPath={Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so")}"]
        : [];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_hardware_profile_is_valid_configuration(string profile)
    {
        var configuration = EdgeConfiguration.Build(new ConfigurationSources(Repo.Root, null, profile, Overrides(profile), new Dictionary<string, string?>()));
        var options = EdgeOptions.Load(configuration, Repo.Root);
        Assert.NotNull(options.Camera);
    }

    [Fact]
    public void The_board_profiles_wire_a_camera_a_microphone_and_the_gpio_chip()
    {
        foreach (var profile in new[] { "rpi4", "rpi5", "jetson-orin-nano" })
        {
            var options = EdgeOptions.Load(EdgeConfiguration.Build(new ConfigurationSources(Repo.Root, null, profile, Overrides(profile), new Dictionary<string, string?>())), Repo.Root);
            Assert.NotEqual("none", options.Camera.Source);
            Assert.Equal("portaudio", options.Audio.Source);
            Assert.False(string.IsNullOrEmpty(options.Gpio.Chip));
        }
    }
}
