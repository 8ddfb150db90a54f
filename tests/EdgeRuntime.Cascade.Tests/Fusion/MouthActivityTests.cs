using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Fusion;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Fusion;

/// <summary>
/// Mouth motion against voice activity on luma frames drawn here: two faces, one mouth opening and closing while the
/// voice is on. Pixels are what the detector-free measure reads, so drawn frames test it fully.
/// </summary>
public sealed class MouthActivityTests
{
    private const int W = 160, H = 120;
    private static readonly Box Left = new(0.1f, 0.2f, 0.25f, 0.4f);
    private static readonly Box Right = new(0.6f, 0.2f, 0.25f, 0.4f);

    private static byte[] Frame(bool leftOpen, bool rightOpen, int shift = 0)
    {
        var luma = new byte[W * H];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                luma[y * W + x] = (byte)(60 + ((x + shift) * 7 + y * 3) % 90); // texture, so a pan changes every box
            }
        }
        Mouth(luma, Left, leftOpen);
        Mouth(luma, Right, rightOpen);
        return luma;
    }

    private static void Mouth(byte[] luma, Box face, bool open)
    {
        if (!open)
        {
            return;
        }
        var cx = (int)(face.CenterX * W);
        var cy = (int)((face.Y + 0.78f * face.H) * H);
        for (var y = cy - 3; y <= cy + 3; y++)
        {
            for (var x = cx - 6; x <= cx + 6; x++)
            {
                luma[y * W + x] = 10; // a dark open mouth
            }
        }
    }

    private static MouthActivity Following()
    {
        var mouths = new MouthActivity();
        mouths.SetFaces([new Detection(0, 0.9f, Left), new Detection(0, 0.9f, Right)]);
        return mouths;
    }

    [Fact]
    public void The_face_whose_mouth_moves_while_the_voice_is_on_is_the_speaker()
    {
        var mouths = Following();
        for (var i = 0; i < 2 * MouthActivity.Window; i++)
        {
            var voice = i % 10 < 6; // speaking in bursts
            mouths.Frame(Frame(leftOpen: false, rightOpen: voice && i % 2 == 0), W, H, voice ? 0.9f : 0.05f);
        }
        var speaker = mouths.Speaker(Timestamp.FromSeconds(4));
        Assert.NotNull(speaker);
        Assert.Equal(Claim.MouthMotion, speaker.Label);
        Assert.Equal(Right, speaker.Box);
        Assert.True(speaker.Score >= 0.5f, $"correlation {speaker.Score}");
    }

    [Fact]
    public void A_still_photo_a_pan_and_mouths_moving_without_the_voice_tie_no_one()
    {
        var still = Following();
        var pan = Following();
        var silentTalk = Following();
        for (var i = 0; i < 2 * MouthActivity.Window; i++)
        {
            var voice = i % 10 < 6;
            still.Frame(Frame(false, false), W, H, voice ? 0.9f : 0.05f);
            pan.Frame(Frame(false, false, shift: i), W, H, voice ? 0.9f : 0.05f);
            silentTalk.Frame(Frame(i % 2 == 0, i % 3 == 0), W, H, 0.05f);
        }
        Assert.Null(still.Speaker(Timestamp.FromSeconds(4)));
        Assert.Null(pan.Speaker(Timestamp.FromSeconds(4)));
        Assert.Null(silentTalk.Speaker(Timestamp.FromSeconds(4)));
    }

    [Fact]
    public void Both_mouths_moving_with_the_voice_tie_neither()
    {
        var mouths = Following();
        for (var i = 0; i < 2 * MouthActivity.Window; i++)
        {
            var voice = i % 10 < 6;
            var open = voice && i % 2 == 0;
            mouths.Frame(Frame(open, open), W, H, voice ? 0.9f : 0.05f);
        }
        Assert.Null(mouths.Speaker(Timestamp.FromSeconds(4)));
    }
}
