using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Live;

/// <summary>
/// The camera and microphone pause switches of <see cref="SensorRigFeed"/> (an MQTT <c>&lt;prefix&gt;/camera/set
/// OFF</c>): requested on any thread, applied by the feed thread once per poll so that a sensor's pause takes effect
/// between two samples, never inside one, and the cascade hears of it (degraded mode) in the same step.
/// </summary>
/// <remarks>Design: the two requested flags are volatile, written by the command reader on any thread and read by the
/// feed thread in <see cref="Apply"/>; the applied flags are the feed thread's alone.</remarks>
internal sealed class SensorPauses
{
    private volatile bool _cameraRequested;
    private volatile bool _microphoneRequested;

    /// <summary>The camera's pause as applied (feed thread).</summary>
    public bool Camera { get; private set; }

    /// <summary>The microphone's pause as applied (feed thread).</summary>
    public bool Microphone { get; private set; }

    /// <summary>Requests a pause or resume (any thread); the feed applies it at its next poll.</summary>
    public void Request(SensorStream stream, bool paused)
    {
        if (stream == SensorStream.Camera)
        {
            _cameraRequested = paused;
        }
        else
        {
            _microphoneRequested = paused;
        }
    }

    /// <summary>
    /// Applies what was requested since the last call, telling <paramref name="engine"/> which stream went missing or
    /// came back at <paramref name="now"/>; true when the camera was paused by this call.
    /// </summary>
    public bool Apply(CascadeEngine engine, Timestamp now)
    {
        var cameraPaused = false;
        if (_cameraRequested != Camera)
        {
            Camera = !Camera;
            engine.SetStreamMissing(SensorStream.Camera, Camera, now);
            cameraPaused = Camera;
        }
        if (_microphoneRequested != Microphone)
        {
            Microphone = !Microphone;
            engine.SetStreamMissing(SensorStream.Microphone, Microphone, now);
        }
        return cameraPaused;
    }
}
