using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Support;

/// <summary>
/// Replays a generated scenario into an engine on a <see cref="ManualTimeProvider"/> set to each hop's and frame's
/// sensor time, in lock step with tier 2 (each escalation finishes before the next frame), so what the cascade decides
/// depends on the recording alone. A test watches a hop or a frame by wrapping its processing
/// (<paramref name="aroundHop"/>, <paramref name="aroundFrame"/>, given the frames processed so far, this one
/// included) and acts after tier 2 settled (<paramref name="afterFrame"/>).
/// </summary>
internal static class LockStepReplay
{
    private const int SampleRate = 16000;

    public static ReplayResult Run(ManualTimeProvider clock, string dir, GroundTruth truth, CascadeEngine engine,
        Action<Action>? aroundHop = null, Action<Action, long>? aroundFrame = null, Action<long>? afterFrame = null)
    {
        var audio = Decoded.Audio(Path.Combine(dir, truth.Audio));
        var origin = Timestamp.Now(clock);
        var hop = engine.HopSamples;
        long frames = 0, hops = 0;
        foreach (var frame in Decoded.RgbFrames(Path.Combine(dir, truth.Video), truth.Width, truth.Height))
        {
            var frameTime = At(origin, frames / (double)truth.Fps);
            for (; (hops + 1) * hop <= audio.Length && At(origin, (hops + 1) * hop / (double)SampleRate) <= frameTime; hops++)
            {
                var (start, end, offset) = (At(origin, hops * hop / (double)SampleRate), At(origin, (hops + 1) * hop / (double)SampleRate), (int)(hops * hop));
                AdvanceTo(clock, end);
                void Hop() => engine.ProcessAudio(audio.AsSpan(offset, hop), start, end);
                (aroundHop ?? (h => h()))(Hop);
            }
            AdvanceTo(clock, frameTime);
            frames++;
            void Frame() => engine.ProcessFrame(ImageView.Rgb(frame, truth.Width, truth.Height), frameTime);
            (aroundFrame ?? ((f, _) => f()))(Frame, frames);
            if (engine.LastDecisionEscalated)
            {
                Assert.True(engine.WaitIdle(TimeSpan.FromMinutes(1)), "tier 2 finished");
            }
            afterFrame?.Invoke(frames);
        }
        return new ReplayResult(origin, frames, 0, hops, frames / (double)truth.Fps, 0, 0, 0, 0);
    }

    private static Timestamp At(Timestamp origin, double seconds) => origin + TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));

    private static void AdvanceTo(ManualTimeProvider clock, Timestamp t)
    {
        var by = t - Timestamp.Now(clock);
        if (by > TimeSpan.Zero)
        {
            clock.Advance(by);
        }
    }
}
