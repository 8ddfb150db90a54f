namespace EdgeRuntime.ModelPrep.Quantization;

/// <summary>Scale and zero point of an affine 8-bit quantization: real = scale * (q - zeroPoint).</summary>
internal readonly record struct QuantParams(float Scale, int ZeroPoint)
{
    /// <summary>
    /// Asymmetric activation parameters over [min, max], widened to include 0 so zero (padding, ReLU floor) is exact.
    /// int8 uses [-128, 127], uint8 [0, 255].
    /// </summary>
    public static QuantParams Activation(float min, float max, bool uint8)
    {
        var rmin = Math.Min(0f, min);
        var rmax = Math.Max(0f, max);
        int qmin = uint8 ? 0 : -128, qmax = uint8 ? 255 : 127;
        if (rmax - rmin < 1e-12f) return new QuantParams(1f, uint8 ? 0 : 0);
        var scale = (rmax - rmin) / (qmax - qmin);
        var zp = (int)Math.Clamp(MathF.Round(qmin - rmin / scale, MidpointRounding.ToEven), qmin, qmax);
        return new QuantParams(scale, zp);
    }

    /// <summary>Symmetric int8 weights: scale = max|w| / 127, zero point 0.</summary>
    public static float SymmetricScale(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var v in values) max = Math.Max(max, Math.Abs(v));
        return max > 0 ? max / 127f : 1f;
    }

    public static sbyte QuantizeSymmetric(float v, float scale) => (sbyte)Math.Clamp(MathF.Round(v / scale, MidpointRounding.ToEven), -127, 127);
}
