using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Which sensor streams are missing, as evidence the description and events carry (<c>camera</c> /
/// <c>microphone</c>, label <c>missing</c>, from when). Null means the stream works.
/// </summary>
/// <remarks>
/// Design: one writer, the feed's thread (<see cref="Set"/>); readers on any thread (the fast path, a frameless
/// escalation from a user request, the hand-over copying both into a tier-2 request). Each stream is one volatile
/// reference to an immutable <see cref="Evidence"/>, so a reader sees a whole state or the previous one.
/// </remarks>
internal sealed class StreamState
{
    private volatile Evidence? _camera;
    private volatile Evidence? _microphone;

    /// <summary>The camera's missing evidence, or null while it works.</summary>
    public Evidence? Camera => _camera;

    /// <summary>The microphone's missing evidence, or null while it works.</summary>
    public Evidence? Microphone => _microphone;

    public bool CameraMissing => _camera is not null;

    public bool MicrophoneMissing => _microphone is not null;

    public bool IsMissing(SensorStream stream) => (stream == SensorStream.Camera ? _camera : _microphone) is not null;

    /// <summary>Marks <paramref name="stream"/> missing since <paramref name="at"/> or back; false when that was already its state.</summary>
    public bool Set(SensorStream stream, bool missing, Timestamp at)
    {
        if (IsMissing(stream) == missing)
        {
            return false;
        }
        var evidence = missing ? new Evidence(stream.Name(), 0, "missing", 1, null, at) : null;
        if (stream == SensorStream.Camera)
        {
            _camera = evidence;
        }
        else
        {
            _microphone = evidence;
        }
        return true;
    }
}
