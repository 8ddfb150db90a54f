using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Output.Console;
using EdgeRuntime.Output.Messages;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

/// <summary>
/// <c>edge eval</c> measures what a run does: both play the recording through the replay sensors, the rings, the
/// aligner and the live feed, so for the same input (every frame and hop, as fast as possible and lossless) the
/// fast path decides the same thing at the same sensor times, with the same audio before each frame.
/// </summary>
public sealed class OnePathTests(ModelsFixture fixture) : IClassFixture<ModelsFixture>
{
    [Fact]
    public async Task The_eval_and_a_run_of_the_same_recording_feed_the_cascade_the_same_frames_and_audio()
    {
        var (dir, truth) = TestScenarios.Gates;
        var eval = new Evaluator(new CascadeOptions(), fixture.Loaded.Models, TimeProvider.System)
            .Run(dir, ReplayPacing.AsFast, limitSeconds: null, progress: null, CancellationToken.None).Cascade;

        // A run as `edge run` wires it: an event sink, and no timeline recorder (only the eval attaches one).
        var output = new StringWriter();
        var sink = new ConsoleEventSink(new Topics("edge"), output, ownsOutput: false);
        await sink.StartAsync(CancellationToken.None);
        var replay = new ReplayOptions
        {
            Video = Path.Combine(dir, truth.Video), Audio = Path.Combine(dir, truth.Audio), Width = truth.Width, Height = truth.Height,
            Pacing = ReplayPacing.AsFast,
        };
        var run = CascadeSession.Run(new CascadeOptions(), fixture.Loaded.Models, replay, sink, TimeProvider.System);
        await sink.DisposeAsync();
        Assert.Empty(run.Timeline.Views);
        Assert.Empty(run.Timeline.Speech);

        // Every frame of the recording, none dropped, each through the live feed's aligner.
        var frames = (long)Math.Round(truth.DurationSeconds * truth.Fps);
        foreach (var r in new[] { eval, run })
        {
            Assert.Equal(frames, r.Replay.Frames);
            Assert.Equal(0, r.Replay.DroppedFrames);
            Assert.Equal(r.Replay.Frames, r.Replay.AlignedComplete + r.Replay.AlignedPartial + r.Replay.AlignedMissing);
            Assert.True(r.Replay.AlignedComplete > 0);
        }
        Assert.Equal(eval.Replay.Hops, run.Replay.Hops);

        // The same decision per frame: the frame's recording time and the audio it was decided with (-1: none yet).
        static List<(double Frame, double Audio)> PerFrame(RunReport r) => r.Decisions.Records.Where(d => !d.Frameless)
            .Select(d => (Math.Round(CascadeSession.Seconds(r, d.Frame), 6),
                d.Audio == Core.Time.Timestamp.MinValue ? -1 : Math.Round(CascadeSession.Seconds(r, d.Audio), 6))).ToList();
        Assert.Equal(frames, PerFrame(eval).Count);
        Assert.Equal(PerFrame(eval), PerFrame(run));

        // And the same speech: the eval's recorded segments are the run's published ones.
        Assert.NotEmpty(eval.Timeline.Speech);
        Assert.Equal(eval.Timeline.Speech.Count, run.EventsByType.GetValueOrDefault("speech/new"));
    }
}
