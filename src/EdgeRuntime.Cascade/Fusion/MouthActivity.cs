using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Fusion;

/// <summary>
/// What ties a voice to one of several faces: per face, how much its mouth region moves from frame to frame (mean
/// absolute luma difference in a small box where BlazeFace's box puts the mouth, minus the same in a box over the eyes,
/// so a pan or a nod moves both and cancels), correlated over the last <see cref="Window"/> frames with the voice
/// activity probability at each frame. The face whose mouth moves with the voice, clearly more than any other's, is
/// the speaker (<see cref="Evidence"/>, label <see cref="Claim.MouthMotion"/>, score the correlation). A still photo
/// never yields one: nothing moves with the voice.
/// </summary>
/// <remarks>
/// Design: one caller (the fast path's thread) owns every field; steady state allocates nothing (the history rings and
/// the previous luma plane are sized once). <see cref="Speaker"/> allocates its evidence only when one face is tied.
/// </remarks>
public sealed class MouthActivity(double minCorrelation = 0.5, double margin = 0.2)
{
    /// <summary>Frames of history correlated (2 s at 15 fps).</summary>
    public const int Window = 30;

    /// <summary>Faces followed at once.</summary>
    public const int MaxFaces = 4;

    private readonly Box[] _faces = new Box[MaxFaces];
    private readonly float[,] _energy = new float[MaxFaces, Window];
    private readonly float[] _voice = new float[Window];
    private readonly int[] _samples = new int[MaxFaces];
    private readonly Box[] _matched = new Box[MaxFaces];
    private readonly int[] _from = new int[MaxFaces];
    private int _count;
    private int _head; // next slot of the rings
    private byte[] _previous = [];
    private int _width, _height;

    /// <summary>The faces tier 1 just confirmed (any order); a face matching one followed keeps its history.</summary>
    public void SetFaces(ReadOnlySpan<Detection> faces)
    {
        var n = Math.Min(faces.Length, MaxFaces);
        for (var i = 0; i < n; i++)
        {
            _matched[i] = faces[i].Box;
            _from[i] = -1;
            var best = 0.3f;
            for (var j = 0; j < _count; j++)
            {
                var iou = faces[i].Box.IoU(_faces[j]);
                if (iou >= best)
                {
                    best = iou;
                    _from[i] = j;
                }
            }
        }
        // Move kept histories to their new slots (a slot is read before it is overwritten: copy through a snapshot).
        Span<int> kept = stackalloc int[MaxFaces];
        Span<float> row = stackalloc float[Window * MaxFaces];
        for (var j = 0; j < _count; j++)
        {
            kept[j] = _samples[j];
            for (var k = 0; k < Window; k++)
            {
                row[j * Window + k] = _energy[j, k];
            }
        }
        for (var i = 0; i < n; i++)
        {
            _faces[i] = _matched[i];
            var from = _from[i];
            _samples[i] = from < 0 ? 0 : kept[from];
            for (var k = 0; k < Window; k++)
            {
                _energy[i, k] = from < 0 ? 0 : row[from * Window + k];
            }
        }
        _count = n;
    }

    /// <summary>Forgets every face (a cut: the faces followed belong to the shot before).</summary>
    public void Clear() => _count = 0;

    /// <summary>One frame's luma plane (stride = width) and the voice probability at its time.</summary>
    public void Frame(ReadOnlySpan<byte> luma, int width, int height, float voice)
    {
        if (_previous.Length != luma.Length || width != _width || height != _height)
        {
            _previous = new byte[luma.Length];
            (_width, _height) = (width, height);
            luma.CopyTo(_previous);
            Array.Clear(_samples); // nothing to compare the first frame of this size with
            return;
        }
        _voice[_head] = voice;
        for (var i = 0; i < _count; i++)
        {
            var f = _faces[i];
            var mouth = Difference(luma, f.CenterX, f.Y + 0.78f * f.H, 0.22f * f.W, 0.1f * f.H);
            var eyes = Difference(luma, f.CenterX, f.Y + 0.38f * f.H, 0.22f * f.W, 0.1f * f.H);
            _energy[i, _head] = Math.Max(0, mouth - eyes);
            _samples[i] = Math.Min(Window, _samples[i] + 1);
        }
        _head = (_head + 1) % Window;
        luma.CopyTo(_previous);
    }

    /// <summary>
    /// The face whose mouth moved with the voice over the window, when exactly one did (correlation at least the minimum
    /// and ahead of every other face's by the margin), else null.
    /// </summary>
    public Evidence? Speaker(Timestamp at)
    {
        var best = -1;
        double first = double.NegativeInfinity, second = double.NegativeInfinity;
        for (var i = 0; i < _count; i++)
        {
            var r = _samples[i] < Window / 2 ? double.NegativeInfinity : Correlation(i);
            if (r > first)
            {
                (second, first, best) = (first, r, i);
            }
            else if (r > second)
            {
                second = r;
            }
        }
        if (best < 0 || first < minCorrelation || first - Math.Max(second, 0) < margin)
        {
            return null;
        }
        return new Evidence(Claim.MouthMotion, 1, Claim.MouthMotion, (float)first, _faces[best], at);
    }

    private double Correlation(int face)
    {
        var n = _samples[face];
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var k = 1; k <= n; k++)
        {
            var slot = (_head - k + Window) % Window;
            double x = _energy[face, slot], y = _voice[slot];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        var vx = sxx - sx * sx / n;
        var vy = syy - sy * sy / n;
        return vx <= 1e-9 || vy <= 1e-9 ? double.NegativeInfinity : (sxy - sx * sy / n) / Math.Sqrt(vx * vy);
    }

    // Mean absolute difference against the previous frame in a box (normalized centre and half sizes).
    private float Difference(ReadOnlySpan<byte> luma, float cx, float cy, float hw, float hh)
    {
        var x0 = Math.Clamp((int)((cx - hw) * _width), 0, _width - 1);
        var x1 = Math.Clamp((int)((cx + hw) * _width), x0 + 1, _width);
        var y0 = Math.Clamp((int)((cy - hh) * _height), 0, _height - 1);
        var y1 = Math.Clamp((int)((cy + hh) * _height), y0 + 1, _height);
        long sum = 0;
        for (var y = y0; y < y1; y++)
        {
            var row = y * _width;
            for (var x = x0; x < x1; x++)
            {
                sum += Math.Abs(luma[row + x] - _previous[row + x]);
            }
        }
        return sum / (float)((x1 - x0) * (y1 - y0));
    }
}
