using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>What the escalating thread knows when it hands a pass to tier 2, besides the frame's pixels.</summary>
/// <param name="Timestamp">Sensor time of the frame, or of what triggered a frameless escalation.</param>
/// <param name="Since">When that input existed (its timestamp, or its arrival when earlier): tier 2's latencies run from it.</param>
/// <param name="Decision">The escalation's record, with its sequence; it travels with the request until settled.</param>
/// <param name="Signature">The frame's scene signature; null for a frameless escalation.</param>
/// <param name="Cuts">Cuts seen up to this frame.</param>
/// <param name="Faces">Tier 1's confirmed faces (empty without a frame: the faces of a camera that is gone are stale).</param>
/// <param name="Speech">The speech segment in progress, if any.</param>
/// <param name="Motion">The motion gate's box, if it saw motion.</param>
/// <param name="CameraMissing">The camera's missing evidence, if missing.</param>
/// <param name="MicrophoneMissing">The microphone's missing evidence, if missing.</param>
/// <param name="MouthMotion">The face whose mouth moved with the voice, if one did (<see cref="Fusion.MouthActivity"/>).</param>
internal readonly record struct Tier2Snapshot(
    Timestamp Timestamp,
    Timestamp Since,
    DecisionRecord Decision,
    SceneSignature? Signature,
    long Cuts,
    IReadOnlyList<Evidence> Faces,
    Evidence? Speech,
    Box? Motion,
    Evidence? CameraMissing,
    Evidence? MicrophoneMissing,
    Evidence? MouthMotion = null);

/// <summary>A frame and the fast path's state handed to tier 2; its pixel buffer is reused.</summary>
/// <remarks>Design: owned by whoever holds it: the hand-over's lock while it waits, the worker while it runs. Never shared.</remarks>
internal sealed class Tier2Request
{
    private byte[] _pixels = [];
    private int _width, _height, _stride;
    private PixelFormat _format;

    public Timestamp Timestamp;
    public Timestamp Since;
    public DecisionRecord Decision;
    public IReadOnlyList<Evidence> Faces = [];
    public Evidence? Speech;
    public Box? Motion;
    public Evidence? CameraMissing;
    public Evidence? MicrophoneMissing;
    public Evidence? MouthMotion;
    public readonly SceneSignature Signature = new();
    public long Cuts;

    public bool Frameless => Decision.Frameless;

    public ImageView View => new(_pixels, _width, _height, _stride, _format);

    /// <summary>Copies the frame (unless frameless) and the snapshot in; a frameless one keeps the last signature and cut count.</summary>
    public void Set(ImageView frame, in Tier2Snapshot s)
    {
        if (!s.Decision.Frameless)
        {
            var size = frame.Stride * frame.Height;
            if (_pixels.Length < size)
            {
                _pixels = new byte[size];
            }
            frame.Pixels[..size].CopyTo(_pixels);
            (_width, _height, _stride, _format) = (frame.Width, frame.Height, frame.Stride, frame.Format);
            Signature.CopyFrom(s.Signature!);
            Cuts = s.Cuts;
        }
        Timestamp = s.Timestamp;
        Since = s.Since;
        Decision = s.Decision;
        Faces = s.Faces;
        Speech = s.Speech;
        Motion = s.Motion;
        CameraMissing = s.CameraMissing;
        MicrophoneMissing = s.MicrophoneMissing;
        MouthMotion = s.MouthMotion;
    }
}
