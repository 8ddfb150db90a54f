using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.PortAudio;

/// <summary>
/// A reference to the process-wide PortAudio library state: <c>Pa_Initialize</c> on the first open session,
/// <c>Pa_Terminate</c> when the last closes. Device lists are read at initialisation, so a session opened after
/// <c>ALSA_CONFIG_PATH</c> changed sees the new ALSA devices only once every earlier session closed.
/// </summary>
public sealed unsafe class PortAudioSession : IDisposable
{
    private static readonly Lock s_gate = new();
    private static int s_sessions;
    private bool _disposed;

    /// <summary>Opens a session (initialising PortAudio if needed).</summary>
    /// <exception cref="DllNotFoundException">libportaudio.so.2 is not installed (Debian: libportaudio2).</exception>
    /// <exception cref="PortAudioException">Initialisation failed.</exception>
    public PortAudioSession()
    {
        lock (s_gate)
        {
            if (s_sessions == 0)
            {
                PortAudioException.Check(Native.Initialize(), "Pa_Initialize");
            }
            s_sessions++;
        }
    }

    /// <summary>PortAudio's version text, e.g. <c>PortAudio V19.7.0-devel, revision unknown</c>.</summary>
    public static string VersionText => Marshal.PtrToStringUTF8(Native.GetVersionText()) ?? "";

    /// <summary>Every device, with its host API.</summary>
    public IReadOnlyList<PortAudioDevice> Devices()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = Native.GetDeviceCount();
        PortAudioException.Check(count, "Pa_GetDeviceCount");
        var list = new List<PortAudioDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var info = Native.GetDeviceInfo(i);
            if (info is null)
            {
                continue;
            }
            var api = Native.GetHostApiInfo(info->HostApi);
            list.Add(new PortAudioDevice(
                i,
                Marshal.PtrToStringUTF8(info->Name) ?? $"device {i}",
                api is null ? "?" : Marshal.PtrToStringUTF8(api->Name) ?? "?",
                info->MaxInputChannels,
                info->DefaultSampleRate,
                info->DefaultLowInputLatency,
                info->DefaultHighInputLatency));
        }
        return list;
    }

    /// <summary>The default input device's index, or −1 when there is none.</summary>
    public int DefaultInputDevice
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Native.GetDefaultInputDevice();
        }
    }

    /// <summary>
    /// Finds a capture device: <c>default</c> for the default input, else an exact name, else a unique name substring
    /// (case-insensitive). The error lists the capture devices there are.
    /// </summary>
    public PortAudioDevice FindInput(string name)
    {
        var inputs = Devices().Where(d => d.MaxInputChannels > 0).ToList();
        if (string.Equals(name, "default", StringComparison.OrdinalIgnoreCase))
        {
            var index = DefaultInputDevice;
            var device = inputs.FirstOrDefault(d => d.Index == index) ?? inputs.FirstOrDefault(d => d.Name == "default");
            return device ?? throw new PortAudioException("no default capture device; capture devices: " + Describe(inputs), Native.NoDevice);
        }
        var exact = inputs.Where(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count >= 1)
        {
            return exact[0];
        }
        var partial = inputs.Where(d => d.Name.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return partial.Count switch
        {
            1 => partial[0],
            0 => throw new PortAudioException($"no capture device named '{name}'; capture devices: {Describe(inputs)}", Native.NoDevice),
            _ => throw new PortAudioException($"'{name}' matches several capture devices: {Describe(partial)}", Native.NoDevice),
        };
    }

    /// <summary>True when the device can capture <paramref name="channels"/> channels of 16-bit samples at <paramref name="sampleRate"/>.</summary>
    public bool Supports(PortAudioDevice device, int channels, double sampleRate)
    {
        var parameters = new Native.StreamParameters
        {
            Device = device.Index,
            ChannelCount = channels,
            SampleFormat = Native.SampleFormatInt16,
            SuggestedLatency = device.DefaultLowInputLatency,
        };
        return Native.IsFormatSupported(&parameters, null, sampleRate) == Native.NoError;
    }

    private static string Describe(IEnumerable<PortAudioDevice> devices)
    {
        var text = string.Join(", ", devices.Select(d => $"'{d.Name}'"));
        return text.Length == 0 ? "(none)" : text;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        lock (s_gate)
        {
            if (--s_sessions == 0)
            {
                Native.Terminate();
            }
        }
    }
}

/// <summary>A PortAudio device.</summary>
/// <param name="Index">PortAudio's device index (valid for the session that listed it).</param>
/// <param name="Name">The device name, e.g. <c>USB Audio: - (hw:1,0)</c> or an ALSA PCM name such as <c>default</c>.</param>
/// <param name="HostApi">The host API, e.g. <c>ALSA</c>.</param>
/// <param name="MaxInputChannels">Capture channels (0: output only).</param>
/// <param name="DefaultSampleRate">The device's preferred rate.</param>
/// <param name="DefaultLowInputLatency">Seconds, for interactive use.</param>
/// <param name="DefaultHighInputLatency">Seconds, for robust capture.</param>
public sealed record PortAudioDevice(int Index, string Name, string HostApi, int MaxInputChannels, double DefaultSampleRate, double DefaultLowInputLatency, double DefaultHighInputLatency);
