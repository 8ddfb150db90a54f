using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Hosting;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Camera;
using EdgeRuntime.Sensors.Camera.OpenCv;
using EdgeRuntime.Sensors.Camera.V4l2;
using EdgeRuntime.Sensors.Gpio;
using EdgeRuntime.Sensors.Replay;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Sensors;

/// <summary>
/// The sensor side of the pipeline, built from configuration: the camera and microphone components, the rings they
/// fill, the stream monitor and the aligner. The cascade reads <see cref="Frames"/>, <see cref="Audio"/>,
/// <see cref="Aligner"/> and <see cref="Monitor"/>; the host runs <see cref="Components"/>.
/// </summary>
/// <remarks>
/// <see cref="Components"/> starts with an owner component that returns at once and, being disposed last, frees the
/// rings and stops the monitor after every sensor stopped. Replay sources share one <see cref="ReplayOrigin"/>, so a
/// recording's video and audio line up.
/// </remarks>
public sealed class SensorRig
{
    private SensorRig(FrameRing? frames, AudioRing? audio, StreamMonitor monitor, Aligner? aligner, GpioComponent? gpio, IReadOnlyList<IPipelineComponent> components,
        ReplayOrigin? replayOrigin)
    {
        ReplayOrigin = replayOrigin;
        Gpio = gpio;
        Frames = frames;
        Audio = audio;
        Monitor = monitor;
        Aligner = aligner;
        Components = components;
    }

    /// <summary>
    /// True when a replay source runs at <c>Pacing=asfast</c>: its stamps are file time from the replay's start, ahead
    /// of or behind the clock by however fast the consumer takes them, so they say nothing about how late a sample is.
    /// </summary>
    public bool FileTimeStamps { get; private init; }

    /// <summary>Camera frames (null with <c>Camera:Source=none</c>). Single consumer.</summary>
    public FrameRing? Frames { get; }

    /// <summary>Audio samples (null with <c>Audio:Source=none</c>). Single consumer, who releases what it no longer needs.</summary>
    public AudioRing? Audio { get; }

    /// <summary>Missing/recovered/overrun/restart events of both streams.</summary>
    public StreamMonitor Monitor { get; }

    /// <summary>Audio windows for frames (null unless both a camera and a microphone are configured).</summary>
    public Aligner? Aligner { get; }

    /// <summary>Button/PIR events and the status LED (null when no GPIO line is configured).</summary>
    public GpioComponent? Gpio { get; }

    /// <summary>
    /// The origin the replay sources share (null without one). When the rig was created with <c>holdReplay</c>, they
    /// play only once the consumer calls <see cref="Replay.ReplayOrigin.Start"/> on it.
    /// </summary>
    public ReplayOrigin? ReplayOrigin { get; }

    /// <summary>The sensor components, in start order (the owner first).</summary>
    public IReadOnlyList<IPipelineComponent> Components { get; }

    /// <summary>
    /// Builds the sensors; <see cref="Monitor"/> is started. <paramref name="gpioDriver"/> opens the GPIO chip's driver
    /// (default: System.Device.Gpio's libgpiod driver on <see cref="GpioOptions.Chip"/>; tests on machines without a chip pass a fake one). With
    /// <paramref name="holdReplay"/>, replay sources wait for the consumer to start <see cref="ReplayOrigin"/> (the
    /// cascade's feed does once its models are loaded), so a recording is not played into rings nobody reads yet.
    /// </summary>
    public static SensorRig Create(CameraOptions camera, AudioOptions audio, AlignerOptions alignment, ILoggerFactory loggers, TimeProvider? time = null,
        GpioOptions? gpio = null, Func<System.Device.Gpio.GpioDriver>? gpioDriver = null, bool holdReplay = false)
    {
        time ??= TimeProvider.System;
        var monitor = new StreamMonitor(time);
        var origin = new ReplayOrigin(holdReplay);
        if (camera.Source == "replay")
        {
            origin.Expect();
        }
        if (audio.Source == "replay")
        {
            origin.Expect();
        }
        var components = new List<IPipelineComponent>();
        FrameRing? frames = null;
        AudioRing? samples = null;
        try
        {
            if (camera.Source != "none")
            {
                frames = new FrameRing("camera", camera.RingBuffers, camera.Format.FrameBytes, time);
                if (!IsSelfPaced(camera.Source, camera.Pacing))
                {
                    monitor.Watch(frames, camera.MissingTimeout);
                }
                components.Add(CreateCamera(camera, frames, loggers.CreateLogger("camera"), time, monitor, origin));
            }
            if (audio.Source != "none")
            {
                samples = new AudioRing("audio", audio.SampleRate, audio.RingCapacity, time: time);
                if (!IsSelfPaced(audio.Source, audio.Pacing))
                {
                    monitor.Watch(samples, audio.MissingTimeout);
                }
                components.Add(CreateMicrophone(audio, samples, loggers.CreateLogger("audio"), time, origin));
            }
        }
        catch
        {
            frames?.Dispose();
            samples?.Dispose();
            monitor.Dispose();
            throw;
        }
        if (IsLossless(camera) && IsLossless(audio))
        {
            // A lossless replay never loses audio, it only delivers it late when the machine is busy: a frame waits for
            // its whole window (or the stream's end or loss), so the cascade sees the same audio before each frame
            // however loaded the machine is, and an evaluation is repeatable. A live microphone keeps the budget.
            alignment = alignment with { LatencyBudget = LosslessLatencyBudget };
        }
        var aligner = frames is not null && samples is not null ? new Aligner(samples, alignment, monitor, time) : null;
        var controller = gpio is { Enabled: true } ? new GpioComponent(gpio, loggers.CreateLogger("gpio"), time, gpioDriver) : null;
        if (controller is not null)
        {
            components.Add(controller);
        }
        if (components.Count > 0)
        {
            // Without sensors nothing is watched, and no owner joins (a component that ends at once would end an idle run).
            // A held rig's monitor starts with its consumer (the feed), so waiting for it is not silence.
            if (!holdReplay)
            {
                monitor.Start();
            }
            components.Insert(0, new Owner(monitor, frames, samples));
        }
        var replays = camera.Source == "replay" || audio.Source == "replay";
        return new SensorRig(frames, samples, monitor, aligner, controller, components, replays ? origin : null)
        {
            FileTimeStamps = (camera.Source == "replay" && camera.Pacing == ReplayPacing.AsFast) || (audio.Source == "replay" && audio.Pacing == ReplayPacing.AsFast),
        };
    }

    // Long enough never to run out while the file still plays; short enough that its nanoseconds fit a long.
    private static readonly TimeSpan LosslessLatencyBudget = TimeSpan.FromDays(1);

    // A replay at Pacing=asfast has no rate of its own: it goes as fast as the consumer takes it and the machine decodes,
    // so a silence is a busy machine (ffmpeg descheduled under load), never a lost sensor. Not watched, it cannot be
    // declared missing, which would let audio run ahead of frames still to come and make the feed's order depend on
    // the load; it ends when its file does (its ring is closed).
    private static bool IsSelfPaced(string source, ReplayPacing pacing) => source == "replay" && pacing == ReplayPacing.AsFast;

    private static bool IsLossless(CameraOptions o) => o.Source == "none" || (o.Source == "replay" && o.Pacing != ReplayPacing.Realtime);

    private static bool IsLossless(AudioOptions o) => o.Source == "none" || (o.Source == "replay" && o.Pacing != ReplayPacing.Realtime);

    private static IPipelineComponent CreateCamera(CameraOptions o, FrameRing ring, ILogger logger, TimeProvider time, StreamMonitor monitor, ReplayOrigin origin) => o.Source switch
    {
        "v4l2" => new V4l2Camera(new V4l2CameraSettings(o.Device, o.CaptureFormat, o.Format, o.Fps, o.DeviceBuffers), ring, logger, time, monitor: monitor),
        "pipe" => new PipeCamera(new PipeCameraSettings(o.PipeCommand!, o.Format), ring, logger, time, monitor),
        "replay" => new ReplayCamera(new ReplayCameraSettings(o.ReplayFile!, o.Format, o.Pacing) { Loop = o.Loop, Until = o.ReplayUntil, LostAt = o.ReplayLostAt },
            ring, logger, time, origin),
        "opencv" => new OpenCvCamera(new OpenCvCameraSettings(OpenCvSource.Parse(o.Device), o.Format, o.Fps, o.Pacing) { Loop = o.Loop }, ring, logger, time, monitor, origin),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Source, "unknown camera source"),
    };

    private static IPipelineComponent CreateMicrophone(AudioOptions o, AudioRing ring, ILogger logger, TimeProvider time, ReplayOrigin origin) => o.Source switch
    {
        "portaudio" => new PortAudioMicrophone(o.Device, o.BlockDuration, ring, logger, time),
        "replay" => new ReplayMicrophone(new ReplayMicrophoneSettings(o.ReplayFile!, o.Pacing)
            {
                BlockDuration = o.BlockDuration, Loop = o.Loop, Until = o.ReplayUntil, LostAt = o.ReplayLostAt,
            }, ring, logger, time, origin),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Source, "unknown audio source"),
    };

    // Runs nothing; disposed last, it frees what the sensors wrote into.
    private sealed class Owner(StreamMonitor monitor, FrameRing? frames, AudioRing? audio) : IPipelineComponent
    {
        public string Name => "sensors";

        public Task RunAsync(CancellationToken stoppingToken) => Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            monitor.Dispose();
            frames?.Dispose();
            audio?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
