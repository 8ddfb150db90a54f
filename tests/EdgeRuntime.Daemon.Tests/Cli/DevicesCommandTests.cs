namespace EdgeRuntime.Daemon.Tests.Cli;

/// <summary><c>edge devices</c> as a separate process, with a test-owned ALSA configuration (alsa-lib reads it at start).</summary>
public sealed class DevicesCommandTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public void Devices_lists_an_ALSA_capture_device_through_PortAudio_with_its_channels_and_rates()
    {
        var alsa = AlsaTestMicrophone.Configure(_dir, "testmic");
        var edge = Path.Combine(AppContext.BaseDirectory, "edge.dll");
        var result = ProcessRunner.Run("dotnet", [edge, "devices"], TimeSpan.FromSeconds(60),
            environment: new Dictionary<string, string?> { ["ALSA_CONFIG_PATH"] = alsa, ["EDGE_HOME"] = Repo.Root });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Audio capture (PortAudio):", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("testmic", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("ALSA, PortAudio device", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"\d+ input channels, default \d+ Hz", result.StdOut);
        Assert.Contains("16 kHz mono: native", result.StdOut, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
