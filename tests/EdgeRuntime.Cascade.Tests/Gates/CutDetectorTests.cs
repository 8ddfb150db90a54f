using EdgeRuntime.Cascade.Gates;

namespace EdgeRuntime.Cascade.Tests.Gates;

/// <summary>The cut detector on real photos (the scenario generator's catalog), shifted as a hand-held camera would.</summary>
public sealed class CutDetectorTests
{
    private const int W = 640, H = 480;
    private static readonly byte[] Coffee = Luma(Support.Decoded.Rgb("/usr/lib/python3/dist-packages/skimage/data/coffee.png"));
    private static readonly byte[] Astronaut = Luma(Support.Decoded.Rgb("/usr/lib/python3/dist-packages/skimage/data/astronaut.png"));

    private static byte[] Luma(byte[] rgb)
    {
        var luma = new byte[W * H];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (byte)((77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2]) >> 8);
        }
        return luma;
    }

    /// <summary>The frame moved <paramref name="dx"/>, <paramref name="dy"/> pixels (edges repeated), as shake or a pan moves it.</summary>
    private static byte[] Shifted(byte[] luma, int dx, int dy)
    {
        var moved = new byte[luma.Length];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                moved[y * W + x] = luma[Math.Clamp(y + dy, 0, H - 1) * W + Math.Clamp(x + dx, 0, W - 1)];
            }
        }
        return moved;
    }

    [Fact]
    public void Shake_and_pan_steps_are_not_cuts_but_a_different_photo_is()
    {
        var cuts = new CutDetector(0.08);
        Assert.False(cuts.Process(Coffee, W, H, W));
        foreach (var (dx, dy) in new[] { (6, -4), (-9, 7), (14, 0), (20, 3) })
        {
            Assert.False(cuts.Process(Shifted(Coffee, dx, dy), W, H, W));
            Assert.InRange(cuts.LastDistance, 0, 0.08);
        }
        Assert.True(cuts.Process(Astronaut, W, H, W));
    }

    [Fact]
    public void After_a_reset_the_next_frame_is_not_compared_with_the_old_one()
    {
        var cuts = new CutDetector(0.08);
        cuts.Process(Coffee, W, H, W);
        cuts.Reset();
        Assert.False(cuts.Process(Astronaut, W, H, W));
    }
}
