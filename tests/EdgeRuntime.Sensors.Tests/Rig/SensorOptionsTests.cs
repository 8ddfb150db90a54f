using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Gpio;
using EdgeRuntime.Sensors.Replay;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Sensors.Tests.Rig;

public class SensorOptionsTests
{
    private static (ConfigReader Reader, CameraOptions Camera, AudioOptions Audio, GpioOptions Gpio, AlignerOptions Alignment) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
        var reader = new ConfigReader(configuration);
        var camera = CameraOptions.Read(reader.Section("Camera"), Repo.Root);
        var audio = AudioOptions.Read(reader.Section("Audio"), Repo.Root);
        var gpio = GpioOptions.Read(reader.Section("Gpio"));
        var alignment = AlignerOptions.Read(reader.Section("Alignment"));
        return (reader, camera, audio, gpio, alignment);
    }

    private static string Errors(ConfigReader reader) => string.Join("\n", reader.Errors);

    [Fact]
    public void Defaults_mean_no_sensors_16_kHz_audio_and_a_100_ms_window()
    {
        var (reader, camera, audio, gpio, alignment) = Read();
        Assert.Empty(reader.Errors);
        Assert.Equal(("none", "none", false), (camera.Source, audio.Source, gpio.Enabled));
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(TimeSpan.FromMilliseconds(100), alignment.Before);
        Assert.Equal(FrameFormat.Packed(640, 480, PixelFormat.Rgb24), camera.Format);
    }

    [Fact]
    public void Every_setting_is_read_with_its_type()
    {
        var (reader, camera, audio, gpio, alignment) = Read(
            ("Camera:Source", "pipe"), ("Camera:PipeCommand", "ffmpeg -i x -f rawvideo -"), ("Camera:Width", "320"), ("Camera:Height", "240"),
            ("Camera:PixelFormat", "gray"), ("Camera:Pacing", "asfast"), ("Camera:Fps", "30"),
            ("Audio:Source", "portaudio"), ("Audio:Device", "replaymic"), ("Audio:SampleRate", "16000"), ("Audio:RingDuration", "4s"),
            ("Gpio:Chip", "gpiochip1"), ("Gpio:ButtonLine", "17"), ("Gpio:PirLine", "27"), ("Gpio:LedLine", "22"), ("Gpio:Debounce", "20ms"),
            ("Alignment:Before", "200ms"), ("Alignment:After", "50ms"), ("Alignment:LatencyBudget", "300ms"));
        reader.ThrowIfInvalid();
        Assert.Equal(FrameFormat.Packed(320, 240, PixelFormat.Gray8), camera.Format);
        Assert.Equal((ReplayPacing.AsFast, 30), (camera.Pacing, camera.Fps));
        Assert.Equal(("portaudio", "replaymic", 65536), (audio.Source, audio.Device, audio.RingCapacity));
        Assert.Equal(("gpiochip1", 17, 27, 22, TimeSpan.FromMilliseconds(20)), (gpio.Chip, gpio.ButtonLine, gpio.PirLine, gpio.LedLine, gpio.Debounce));
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300)), (alignment.Before, alignment.After, alignment.LatencyBudget));
    }

    [Theory]
    [InlineData("Camera:Source", "webcam", "Camera:Source", "one of none, v4l2, pipe, replay")]
    [InlineData("Camera:Source", "pipe", "Camera:PipeCommand", "required when Source is pipe")]
    [InlineData("Camera:Source", "replay", "Camera:ReplayFile", "required when Source is replay")]
    [InlineData("Camera:ReplayFile", "missing.mp4", "Camera:ReplayFile", "an existing file")]
    [InlineData("Camera:PixelFormat", "rgb565", "Camera:PixelFormat", "one of rgb24")]
    [InlineData("Camera:CaptureFormat", "rgb24", "Camera:CaptureFormat", "one of yuyv, mjpeg, nv12")]
    [InlineData("Camera:Width", "5", "Camera:Width", "from 16 to 7680")]
    [InlineData("Audio:Source", "alsa", "Audio:Source", "one of none, portaudio, replay")]
    [InlineData("Audio:SampleRate", "96000", "Audio:SampleRate", "from 8000 to 48000")]
    [InlineData("Gpio:ButtonLine", "-2", "Gpio:ButtonLine", "from -1 to 1023")]
    [InlineData("Alignment:LatencyBudget", "soon", "Alignment:LatencyBudget", "a duration")]
    public void A_bad_value_names_its_key_and_what_is_allowed(string key, string value, string errorKey, string allowed)
    {
        var (reader, _, _, _, _) = Read((key, value));
        var error = Assert.Single(reader.Errors);
        Assert.Equal(errorKey, error.Key);
        Assert.Contains(allowed, error.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_gpio_functions_on_one_line_are_refused()
    {
        var (reader, _, _, _, _) = Read(("Gpio:ButtonLine", "5"), ("Gpio:LedLine", "5"));
        Assert.Contains("must differ", Errors(reader), StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_in_a_sensor_section_is_rejected()
    {
        var (reader, _, _, _, _) = Read(("Camera:Widht", "320"));
        var e = Assert.Throws<ConfigurationValidationException>(reader.ThrowIfInvalid);
        Assert.Contains("Camera:Widht", e.Message, StringComparison.Ordinal);
    }
}
