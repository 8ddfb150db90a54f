namespace EdgeRuntime.Sensors.Replay;

/// <summary>How a replayed file is fed to its ring.</summary>
public enum ReplayPacing
{
    /// <summary>
    /// At the file's own rate: each item is published when the clock reaches its timestamp, and a consumer that falls
    /// behind loses frames at the ring's entrance (latest wins), as with a live camera.
    /// </summary>
    Realtime,

    /// <summary>As fast as the consumer takes it: nothing is dropped, timestamps still come from the file.</summary>
    AsFast,

    /// <summary>
    /// At the file's own rate, but never past the consumer: the next frame waits until the last one was taken and a
    /// block waits for room, so nothing is dropped (a slow consumer gets its frames late instead). <c>edge eval</c>
    /// replays this way: every frame of the recording reaches the cascade, and latencies are still real time.
    /// </summary>
    RealtimeLossless,
}
