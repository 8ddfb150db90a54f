namespace EdgeRuntime.Cascade.Detectors;

/// <summary>A box in normalized image coordinates (0–1 from the left and top edges), like the event model's.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="W">Width.</param>
/// <param name="H">Height.</param>
public readonly record struct Box(float X, float Y, float W, float H)
{
    /// <summary>Horizontal centre.</summary>
    public float CenterX => X + W / 2;

    /// <summary>Vertical centre.</summary>
    public float CenterY => Y + H / 2;

    /// <summary>Area as a fraction of the frame.</summary>
    public float Area => Math.Max(0, W) * Math.Max(0, H);

    /// <summary>Intersection over union with <paramref name="other"/>.</summary>
    public float IoU(Box other)
    {
        var ix = Math.Max(0, Math.Min(X + W, other.X + other.W) - Math.Max(X, other.X));
        var iy = Math.Max(0, Math.Min(Y + H, other.Y + other.H) - Math.Max(Y, other.Y));
        var inter = ix * iy;
        var union = Area + other.Area - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /// <summary>True when the centre of <paramref name="other"/> lies in this box (a face in a person's box).</summary>
    public bool ContainsCenterOf(Box other) =>
        other.CenterX >= X && other.CenterX <= X + W && other.CenterY >= Y && other.CenterY <= Y + H;

    /// <summary>True when the two boxes overlap at all.</summary>
    public bool Overlaps(Box other) =>
        X < other.X + other.W && other.X < X + W && Y < other.Y + other.H && other.Y < Y + H;
}
