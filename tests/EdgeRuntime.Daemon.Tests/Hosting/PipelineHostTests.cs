using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Cascade.Models;
using EdgeRuntime.Cascade.Replay;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Daemon.Hosting;
using EdgeRuntime.Inference.Runtime;
using EdgeRuntime.Sensors;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRuntime.Daemon.Tests.Hosting;

/// <summary>
/// The pipeline host over the live path's real parts: the replay camera and microphone looping the sample into the
/// rings (they never end by themselves, as a V4L2 camera and a PortAudio microphone do not), the live feed and the
/// cascade with the real models, whose face detector fails (a fault injected at the cascade's boundary).
/// </summary>
public sealed class PipelineHostTests
{
    [Fact]
    public async Task A_fast_path_that_fails_stops_the_live_sensors_and_the_run_ends_failed_with_one_clear_line()
    {
        var logger = new ListLogger();
        var rig = SensorRig.Create(
            new CameraOptions { Source = "replay", ReplayFile = Repo.Path(".deps", "scenarios", "sample", "video.mp4"), Loop = true },
            new AudioOptions { Source = "replay", ReplayFile = Repo.Path(".deps", "scenarios", "sample", "audio.wav"), Loop = true },
            new AlignerOptions(), NullLoggerFactory.Instance);
        var cascade = new FailingCascade(new SensorRigFeed(rig, new CameraOptions().Format, TimeProvider.System));
        var host = new PipelineHost([.. rig.Components, cascade], TimeSpan.FromSeconds(10), logger);

        var ok = await host.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.False(ok);
        var failed = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error);
        Assert.Equal("component cascade failed: injected fault in blazeface; stopping the pipeline", failed.Message);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("end of input", StringComparison.Ordinal));
        Assert.True(cascade.FramesBeforeFailure > 0, "the cascade ran on live frames before it failed");
    }

    /// <summary>The cascade on the live feed, as the daemon runs it, with a face detector that throws on its third frame.</summary>
    private sealed class FailingCascade(SensorRigFeed feed) : IPipelineComponent
    {
        public string Name => "cascade";

        public long FramesBeforeFailure => feed.FramesFed;

        public Task RunAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(() =>
        {
            using var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1 });
            using var loaded = LoadedModels.Load(runtime, new ModelPaths(), Repo.Root);
            var models = loaded.Models with { Faces = new FailingFaceDetector(loaded.Models.Faces!, failAt: 3) };
            CascadeSession.Run(new CascadeOptions { FaceEveryNFrames = 1 }, models, feed.Run, sink: null, TimeProvider.System, cancellationToken: stoppingToken);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FailingFaceDetector(IFaceDetector inner, int failAt) : IFaceDetector
    {
        private int _calls;

        public string Name => inner.Name;

        public int Detect(ImageView image, Span<Detection> faces) =>
            ++_calls == failAt ? throw new InvalidOperationException($"injected fault in {inner.Name}") : inner.Detect(image, faces);
    }
}
