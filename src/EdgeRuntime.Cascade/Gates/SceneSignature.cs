namespace EdgeRuntime.Cascade.Gates;

/// <summary>
/// A 16×12 luma thumbnail of a frame: the policy keeps the one taken at the last full description and escalates
/// when the current frame's differs by more than a threshold (mean absolute difference, 0–1), i.e. the view changed.
/// Fixed size, reusable, no allocation after construction.
/// </summary>
public sealed class SceneSignature
{
    /// <summary>Thumbnail width.</summary>
    public const int Width = 16;

    /// <summary>Thumbnail height.</summary>
    public const int Height = 12;

    private readonly float[] _cells = new float[Width * Height];

    /// <summary>True once <see cref="Compute"/> or <see cref="CopyFrom"/> has filled it.</summary>
    public bool IsSet { get; private set; }

    /// <summary>Fills the thumbnail from a luma plane by box averaging.</summary>
    public void Compute(ReadOnlySpan<byte> luma, int width, int height, int stride)
    {
        for (var cy = 0; cy < Height; cy++)
        {
            int y0 = cy * height / Height, y1 = Math.Max(y0 + 1, (cy + 1) * height / Height);
            for (var cx = 0; cx < Width; cx++)
            {
                int x0 = cx * width / Width, x1 = Math.Max(x0 + 1, (cx + 1) * width / Width);
                var sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    foreach (var v in luma.Slice(y * stride + x0, x1 - x0))
                    {
                        sum += v;
                    }
                }
                _cells[cy * Width + cx] = sum / (float)((y1 - y0) * (x1 - x0));
            }
        }
        IsSet = true;
    }

    /// <summary>Copies another signature (to remember the view at the last full description).</summary>
    public void CopyFrom(SceneSignature other)
    {
        other._cells.CopyTo(_cells, 0);
        IsSet = other.IsSet;
    }

    /// <summary>Mean absolute difference to <paramref name="other"/>, 0 (same) to 1 (black versus white); 1 when either is unset.</summary>
    public float Distance(SceneSignature other)
    {
        if (!IsSet || !other.IsSet)
        {
            return 1;
        }
        var sum = 0f;
        for (var i = 0; i < _cells.Length; i++)
        {
            sum += MathF.Abs(_cells[i] - other._cells[i]);
        }
        return sum / _cells.Length / 255f;
    }
}
