using EdgeRuntime.Interop.PortAudio;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Devices;

namespace EdgeRuntime.Daemon.Doctor;

/// <summary>
/// The configured microphone: PortAudio finds the capture device as <c>edge run</c> looks it up (the default input,
/// an exact name or a unique part of one), or ALSA lists no card at all; a replayed WAVE file exists. The service's
/// <c>edge</c> user must be in group <c>audio</c>.
/// </summary>
internal sealed class MicrophoneCheck(AudioOptions options, DoctorProbes probes, ServiceAccount account) : IDoctorCheck
{
    /// <inheritdoc />
    public string Name => "microphone";

    /// <inheritdoc />
    public CheckResult Run() => options.Source switch
    {
        "portaudio" => PortAudio(),
        "replay" => Replay(options.ReplayFile ?? ""),
        _ => CheckResult.Fail(Name, $"no microphone configured (Audio:Source is none); {AlsaListing()}",
            "connect a USB microphone, then set Audio:Source=portaudio and Audio:Device (default, or a name edge devices lists)"),
    };

    private CheckResult PortAudio()
    {
        PortAudioDevice device;
        try
        {
            using var session = new PortAudioSession();
            device = session.FindInput(options.Device);
        }
        catch (DllNotFoundException e)
        {
            return CheckResult.Fail(Name, "PortAudio cannot be loaded: " + e.Message, "sudo apt install libportaudio2");
        }
        catch (PortAudioException e)
        {
            return CheckResult.Fail(Name, $"Audio:Device '{options.Device}': {e.Message}; {AlsaListing()}",
                "connect the microphone and set Audio:Device to a capture device edge devices lists (arecord -l shows ALSA's)");
        }
        if (account.Missing("audio") is { } missing)
        {
            return CheckResult.Fail(Name, $"'{device.Name}' is found, but {missing.Wrong}", missing.Fix);
        }
        return CheckResult.Pass(Name, $"'{device.Name}' ({device.HostApi}, {device.MaxInputChannels} input channel(s)) for Audio:Device '{options.Device}' ({account.Note("audio")})");
    }

    private CheckResult Replay(string file)
    {
        try
        {
            using var wav = new WavReader(file);
            return CheckResult.Pass(Name, $"replays {file} ({wav.TotalFrames / (double)wav.SampleRate:F1} s at {wav.SampleRate} Hz); no live microphone is used");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return CheckResult.Fail(Name, $"Audio:ReplayFile {file}: {e.Message}", "give a readable WAVE file, or run tools/bootstrap.sh in a checkout to make the sample");
        }
    }

    private string AlsaListing()
    {
        var captures = new DeviceInventory(probes.DevRoot, probes.ProcRoot).AlsaCaptureDevices();
        return captures.Count == 0
            ? "no ALSA capture device on this machine (/proc/asound/pcm lists none)"
            : "ALSA capture devices here: " + string.Join(", ", captures.Select(c => $"{c.Path} ({c.Description})"));
    }
}
