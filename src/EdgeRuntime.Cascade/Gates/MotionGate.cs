using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Gates;

/// <summary>
/// Tier 0 motion gate, after Frigate's detector: the luma plane is box-downscaled to about 160×120, compared with
/// a running-average background, changed pixels (difference above the threshold) are dilated once (3×3) and
/// grouped into 8-connected regions; regions at least the contour area in size are motion. When more than the
/// lightning fraction of the frame is covered by motion regions at once, the change is reported as global and the
/// background reset.
/// </summary>
/// <remarks>
/// Contract: one caller (the frame loop), frames in increasing timestamp order. Buffers are sized on the first frame
/// and whenever the input size changes; otherwise <see cref="Process"/> allocates nothing.
/// </remarks>
public sealed class MotionGate(MotionGateOptions options)
{
    private int _srcWidth, _srcHeight, _width, _height;
    private int[] _xStart = [], _xEnd = [], _yStart = [], _yEnd = [];
    private byte[] _current = [];
    private float[] _background = [];
    private byte[] _mask = [];
    private byte[] _dilated = [];
    private int[] _stack = [];
    private bool _hasBackground;

    /// <summary>The options this gate runs with.</summary>
    public MotionGateOptions Options { get; } = options;

    /// <summary>Width of the motion-resolution frame (after the first frame).</summary>
    public int MotionWidth => _width;

    /// <summary>Height of the motion-resolution frame (after the first frame).</summary>
    public int MotionHeight => _height;

    /// <summary>The last frame at motion resolution (<see cref="MotionWidth"/> × <see cref="MotionHeight"/>), valid until the next call.</summary>
    public ReadOnlySpan<byte> Downscaled => _current;

    /// <summary>Forgets the background (e.g. after the camera was missing); the next frame becomes the background.</summary>
    public void Reset() => _hasBackground = false;

    /// <summary>Scores one frame given its luma (Y) plane.</summary>
    /// <param name="luma">The Y plane, <paramref name="stride"/> bytes per row.</param>
    /// <param name="width">Frame width.</param>
    /// <param name="height">Frame height.</param>
    /// <param name="stride">Bytes per row of <paramref name="luma"/>.</param>
    /// <param name="timestamp">The frame's sensor timestamp.</param>
    public MotionResult Process(ReadOnlySpan<byte> luma, int width, int height, int stride, Timestamp timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width);
        ArgumentOutOfRangeException.ThrowIfLessThan(luma.Length, (long)stride * (height - 1) + width, nameof(luma));
        if (width != _srcWidth || height != _srcHeight)
        {
            Resize(width, height);
        }
        Downscale(luma, stride);

        var pixels = _width * _height;
        if (!_hasBackground)
        {
            ResetBackground();
            return new MotionResult(timestamp, 0, 0, 0, false, 0, 0, 0, 0);
        }

        var changed = Difference();
        if (changed == 0)
        {
            UpdateBackground();
            return new MotionResult(timestamp, 0, 0, 0, false, 0, 0, 0, 0);
        }
        Dilate();
        var result = Regions(timestamp, changed / (float)pixels);
        // Frigate's lightning guard: judged on the area of the motion regions, like its contour-area sum.
        if (result.Score > Options.LightningThreshold)
        {
            ResetBackground();
            return new MotionResult(timestamp, 0, result.ChangedFraction, 0, true, 0, 0, 0, 0);
        }
        UpdateBackground();
        return result;
    }

    private void Resize(int width, int height)
    {
        _srcWidth = width;
        _srcHeight = height;
        _height = Math.Min(Options.Height, height);
        _width = Math.Max(1, (int)Math.Round(width * (double)_height / height));
        _xStart = new int[_width];
        _xEnd = new int[_width];
        _yStart = new int[_height];
        _yEnd = new int[_height];
        for (var x = 0; x < _width; x++)
        {
            _xStart[x] = x * width / _width;
            _xEnd[x] = Math.Max(_xStart[x] + 1, (x + 1) * width / _width);
        }
        for (var y = 0; y < _height; y++)
        {
            _yStart[y] = y * height / _height;
            _yEnd[y] = Math.Max(_yStart[y] + 1, (y + 1) * height / _height);
        }
        var pixels = _width * _height;
        _current = new byte[pixels];
        _background = new float[pixels];
        _mask = new byte[pixels];
        _dilated = new byte[pixels];
        _stack = new int[pixels];
        _hasBackground = false;
    }

    /// <summary>Box (area-average) downscale into <see cref="_current"/>.</summary>
    private void Downscale(ReadOnlySpan<byte> luma, int stride)
    {
        for (var y = 0; y < _height; y++)
        {
            int y0 = _yStart[y], y1 = _yEnd[y];
            for (var x = 0; x < _width; x++)
            {
                int x0 = _xStart[x], x1 = _xEnd[x];
                var sum = 0;
                for (var sy = y0; sy < y1; sy++)
                {
                    var row = luma.Slice(sy * stride + x0, x1 - x0);
                    foreach (var v in row)
                    {
                        sum += v;
                    }
                }
                _current[y * _width + x] = (byte)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }
    }

    private void ResetBackground()
    {
        for (var i = 0; i < _current.Length; i++)
        {
            _background[i] = _current[i];
        }
        _hasBackground = true;
    }

    private int Difference()
    {
        var threshold = Options.Threshold;
        var changed = 0;
        for (var i = 0; i < _current.Length; i++)
        {
            var on = MathF.Abs(_current[i] - _background[i]) > threshold;
            _mask[i] = on ? (byte)1 : (byte)0;
            changed += on ? 1 : 0;
        }
        return changed;
    }

    private void UpdateBackground()
    {
        var alpha = (float)Options.FrameAlpha;
        for (var i = 0; i < _current.Length; i++)
        {
            _background[i] += alpha * (_current[i] - _background[i]);
        }
    }

    private void Dilate()
    {
        int w = _width, h = _height;
        for (var y = 0; y < h; y++)
        {
            int ya = Math.Max(0, y - 1), yb = Math.Min(h - 1, y + 1);
            for (var x = 0; x < w; x++)
            {
                int xa = Math.Max(0, x - 1), xb = Math.Min(w - 1, x + 1);
                byte on = 0;
                for (var yy = ya; yy <= yb && on == 0; yy++)
                {
                    for (var xx = xa; xx <= xb; xx++)
                    {
                        if (_mask[yy * w + xx] != 0)
                        {
                            on = 1;
                            break;
                        }
                    }
                }
                _dilated[y * w + x] = on;
            }
        }
    }

    /// <summary>8-connected regions of the dilated mask by flood fill with a preallocated stack; marks visited pixels with 2.</summary>
    private MotionResult Regions(Timestamp timestamp, float changedFraction)
    {
        int w = _width, h = _height;
        int regions = 0, motionArea = 0;
        int left = w, top = h, right = -1, bottom = -1;
        for (var start = 0; start < _dilated.Length; start++)
        {
            if (_dilated[start] != 1)
            {
                continue;
            }
            int area = 0, rl = w, rt = h, rr = -1, rb = -1, sp = 0;
            _stack[sp++] = start;
            _dilated[start] = 2;
            while (sp > 0)
            {
                var p = _stack[--sp];
                int px = p % w, py = p / w;
                area++;
                rl = Math.Min(rl, px);
                rr = Math.Max(rr, px);
                rt = Math.Min(rt, py);
                rb = Math.Max(rb, py);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = py + dy;
                    if ((uint)ny >= (uint)h)
                    {
                        continue;
                    }
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = px + dx;
                        if ((uint)nx < (uint)w && _dilated[ny * w + nx] == 1)
                        {
                            _dilated[ny * w + nx] = 2;
                            _stack[sp++] = ny * w + nx;
                        }
                    }
                }
            }
            if (area >= Options.ContourArea)
            {
                regions++;
                motionArea += area;
                left = Math.Min(left, rl);
                top = Math.Min(top, rt);
                right = Math.Max(right, rr);
                bottom = Math.Max(bottom, rb);
            }
        }
        var pixels = (float)(w * h);
        return regions == 0
            ? new MotionResult(timestamp, 0, changedFraction, 0, false, 0, 0, 0, 0)
            : new MotionResult(timestamp, motionArea / pixels, changedFraction, regions, false,
                left / (float)w, top / (float)h, (right + 1) / (float)w, (bottom + 1) / (float)h);
    }
}
