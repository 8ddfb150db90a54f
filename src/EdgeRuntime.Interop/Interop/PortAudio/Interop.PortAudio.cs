using System.Runtime.InteropServices;

namespace EdgeRuntime.Interop.PortAudio;

/// <summary>The PortAudio v19 C API (Debian libportaudio2), as much of it as capture needs.</summary>
/// <remarks>C <c>unsigned long</c> is 64-bit on the LP64 targets (linux-x64, linux-arm64), hence <see cref="nuint"/>.</remarks>
internal static unsafe partial class Native
{
    /// <summary>The shared library's soname.</summary>
    public const string Library = "libportaudio.so.2";

    public const int NoError = 0;
    public const int NoDevice = -1;
    public const nuint SampleFormatFloat32 = 0x1;
    public const nuint SampleFormatInt16 = 0x8;
    public const nuint FlagClipOff = 0x1;
    public const nuint StatusInputOverflow = 0x2;
    public const int Continue = 0;
    public const int Abort = 2;

    [LibraryImport(Library, EntryPoint = "Pa_Initialize")]
    public static partial int Initialize();

    [LibraryImport(Library, EntryPoint = "Pa_Terminate")]
    public static partial int Terminate();

    [LibraryImport(Library, EntryPoint = "Pa_GetErrorText")]
    public static partial nint GetErrorText(int error);

    [LibraryImport(Library, EntryPoint = "Pa_GetVersionText")]
    public static partial nint GetVersionText();

    [LibraryImport(Library, EntryPoint = "Pa_GetDeviceCount")]
    public static partial int GetDeviceCount();

    [LibraryImport(Library, EntryPoint = "Pa_GetDefaultInputDevice")]
    public static partial int GetDefaultInputDevice();

    [LibraryImport(Library, EntryPoint = "Pa_GetDeviceInfo")]
    public static partial DeviceInfo* GetDeviceInfo(int device);

    [LibraryImport(Library, EntryPoint = "Pa_GetHostApiInfo")]
    public static partial HostApiInfo* GetHostApiInfo(int hostApi);

    [LibraryImport(Library, EntryPoint = "Pa_IsFormatSupported")]
    public static partial int IsFormatSupported(StreamParameters* input, StreamParameters* output, double sampleRate);

    [LibraryImport(Library, EntryPoint = "Pa_OpenStream")]
    public static partial int OpenStream(out StreamHandle stream, StreamParameters* input, StreamParameters* output, double sampleRate, nuint framesPerBuffer, nuint flags,
        delegate* unmanaged[Cdecl]<void*, void*, nuint, StreamCallbackTimeInfo*, nuint, void*, int> callback, void* userData);

    [LibraryImport(Library, EntryPoint = "Pa_StartStream")]
    public static partial int StartStream(StreamHandle stream);

    [LibraryImport(Library, EntryPoint = "Pa_StopStream")]
    public static partial int StopStream(StreamHandle stream);

    [LibraryImport(Library, EntryPoint = "Pa_AbortStream")]
    public static partial int AbortStream(StreamHandle stream);

    [LibraryImport(Library, EntryPoint = "Pa_AbortStream")]
    public static partial int AbortStreamRaw(nint stream);

    [LibraryImport(Library, EntryPoint = "Pa_IsStreamActive")]
    public static partial int IsStreamActive(StreamHandle stream);

    // Takes the raw pointer, not the SafeHandle: it is what the handle's ReleaseHandle calls.
    [LibraryImport(Library, EntryPoint = "Pa_CloseStream")]
    public static partial int CloseStream(nint stream);

    [LibraryImport(Library, EntryPoint = "Pa_GetStreamInfo")]
    public static partial StreamInfo* GetStreamInfo(StreamHandle stream);

    [StructLayout(LayoutKind.Sequential)]
    public struct DeviceInfo
    {
        public int StructVersion;
        public nint Name;
        public int HostApi;
        public int MaxInputChannels;
        public int MaxOutputChannels;
        public double DefaultLowInputLatency;
        public double DefaultLowOutputLatency;
        public double DefaultHighInputLatency;
        public double DefaultHighOutputLatency;
        public double DefaultSampleRate;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct HostApiInfo
    {
        public int StructVersion;
        public int Type;
        public nint Name;
        public int DeviceCount;
        public int DefaultInputDevice;
        public int DefaultOutputDevice;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StreamParameters
    {
        public int Device;
        public int ChannelCount;
        public nuint SampleFormat;
        public double SuggestedLatency;
        public nint HostApiSpecificStreamInfo;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StreamCallbackTimeInfo
    {
        public double InputBufferAdcTime;
        public double CurrentTime;
        public double OutputBufferDacTime;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StreamInfo
    {
        public int StructVersion;
        public double InputLatency;
        public double OutputLatency;
        public double SampleRate;
    }
}
