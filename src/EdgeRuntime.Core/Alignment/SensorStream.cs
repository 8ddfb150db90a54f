namespace EdgeRuntime.Core.Alignment;

/// <summary>The two sensor streams the pipeline aligns and the cascade fuses.</summary>
public enum SensorStream
{
    /// <summary>Video frames (V4L2, pipe or replay camera).</summary>
    Camera,

    /// <summary>Audio samples (PortAudio or replay microphone).</summary>
    Microphone,
}

/// <summary>Names of <see cref="SensorStream"/> values as they appear in events, topics and logs.</summary>
public static class SensorStreamNames
{
    /// <summary><c>camera</c> or <c>microphone</c>: the name events (<c>camera_missing</c>), sources and commands use.</summary>
    public static string Name(this SensorStream stream) => stream == SensorStream.Camera ? "camera" : "microphone";
}
