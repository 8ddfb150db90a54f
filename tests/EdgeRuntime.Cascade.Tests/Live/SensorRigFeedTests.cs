using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Live;
using EdgeRuntime.Cascade.Tests.Support;
using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Frames;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Live;

// Real rings, monitor, aligner and engine (with the real silero VAD) on a manual clock; the feed is driven with Poll on
// the test thread, so every interleaving of producer and consumer below is exact. Hops are 512 samples at 16 kHz:
// 32 ms, hop k covers [32k, 32k + 32) ms. "Speech" hops are consecutive hops of a generated scenario's espeak-ng
// utterance, from its measured start.
public sealed class SensorRigFeedTests : IDisposable, IClassFixture<ModelsFixture>
{
    private const int Hop = 512;
    private const double HopMs = 32;
    private const int SpeechHistoryKept = 128; // SpeechHistory.Capacity (internal)
    private static readonly FrameFormat Format = FrameFormat.Packed(8, 8, PixelFormat.Rgb24);

    private readonly ManualTimeProvider _time = new();
    private readonly FrameRing _frames;
    private readonly AudioRing _audio;
    private readonly StreamMonitor _monitor;
    private readonly Aligner _aligner;
    private readonly TimelineRecorder _timeline = new();
    private readonly float[] _silence = new float[Hop];
    private readonly float[] _speech;
    private int _speechHops;
    private readonly CascadeEngine _engine;
    private readonly SensorRigFeed _feed;

    public SensorRigFeedTests(ModelsFixture models)
    {
        var (dir, truth) = TestScenarios.Gates;
        var wav = Decoded.Audio(Path.Combine(dir, "audio.wav"));
        var start = (int)(truth.Speech[0].Start * SensorRigFeed.SampleRate);
        _speech = wav[start..Math.Min(wav.Length, start + 48 * Hop)];
        var vad = models.Loaded.Models.Vad!;
        vad.Reset();
        _frames = new FrameRing("camera", 4, Format.FrameBytes, _time);
        _audio = new AudioRing("audio", SensorRigFeed.SampleRate, 16384, time: _time); // 1 s
        _monitor = new StreamMonitor(_time, TimeSpan.FromMilliseconds(50));
        _monitor.Watch(_frames, TimeSpan.FromMilliseconds(500));
        _monitor.Watch(_audio, TimeSpan.FromMilliseconds(300));
        _monitor.Start();
        _aligner = new Aligner(_audio, new AlignerOptions { Before = TimeSpan.FromMilliseconds(100), LatencyBudget = TimeSpan.FromMilliseconds(150) }, _monitor, _time);
        _engine = new CascadeEngine(new CascadeOptions(), new CascadeModels(vad, null, null, null), _timeline, _time);
        _feed = new SensorRigFeed(_frames, _audio, _monitor, _aligner, Format, _time);
    }

    public void Dispose()
    {
        _feed.Dispose();
        _engine.Dispose();
        _monitor.Dispose();
        _frames.Dispose();
        _audio.Dispose();
    }

    [Fact]
    public void A_hop_that_arrives_after_its_frame_is_still_fed_before_the_frame()
    {
        AdvanceTo(100);
        WriteHops(0, 3, loud: false); // [0, 96) ms
        PublishFrame(128);
        AdvanceTo(130);
        PollUntilIdle();
        Assert.Equal((3L, 0L), (_feed.HopsFed, _engine.Decisions.Count)); // the frame waits for [96, 128)

        WriteHops(3, 1, loud: true); // the microphone delivers the frame's last hop late
        AdvanceTo(140);
        PollUntilIdle();

        var decision = Assert.Single(_engine.Decisions.Snapshot().Records);
        Assert.Equal(Ms(128), decision.Audio); // the decision saw audio up to the frame's own time
        Assert.Equal(Ms(96), _engine.LastLevel.Timestamp); // and that late hop was the last one fed, not one after the frame
        Assert.Equal((1L, 0L, 0L), (_feed.AlignedComplete, _feed.AlignedPartial, _feed.AlignedMissing));

        _frames.Complete();
        _audio.Complete();
        Assert.Equal(FeedProgress.Ended, _feed.Poll(_engine));
    }

    [Fact]
    public void A_speech_event_goes_out_as_its_hops_arrive_without_waiting_for_the_next_frame()
    {
        AdvanceTo(20);
        PublishFrame(16); // the camera's last frame so far; at 15 fps the next would come at 83 ms
        PollUntilIdle();
        for (var k = 0; k < 14; k++) // 448 ms of speech, all within AudioLead of the camera's bound
        {
            AdvanceTo((k + 1) * HopMs + 1);
            WriteHops(k, 1, loud: true);
            PollUntilIdle();
        }

        Assert.Equal(14, _feed.HopsFed); // no hop waited for a frame
        var speech = Assert.Single(_timeline.Snapshot(Ms(14 * HopMs)).Speech);
        Assert.InRange(speech.Start.Milliseconds, 0, 14 * HopMs);
        Assert.Equal(1, _feed.FramesFed);
    }

    [Fact]
    public void A_frame_decides_with_the_speech_state_of_its_own_time_although_later_hops_went_first()
    {
        AdvanceTo(20);
        PublishFrame(16);
        PollUntilIdle();
        AdvanceTo(513);
        WriteHops(0, 6, loud: false); // [0, 192) ms silence, then speech: all fed at once, ahead of the next frames
        WriteHops(6, 10, loud: true);
        PollUntilIdle();
        Assert.Equal(16, _feed.HopsFed);
        Assert.True(_engine.SpeechActive);

        PublishFrame(180); // a frame of the silence, delivered after the speech
        PollUntilIdle();
        PublishFrame(500);
        PollUntilIdle();

        var records = _engine.Decisions.Snapshot().Records;
        Assert.Equal(3, records.Length);
        Assert.Equal(Ms(160), records[1].Audio); // the last hop that ended by 180 ms, not the 512 ms of the last fed
        Assert.Equal(Ms(480), records[2].Audio);
        Assert.Equal(0, _engine.SpeechHistoryMisses);
    }

    [Fact]
    public void A_frame_older_than_the_speech_history_decides_with_the_oldest_state_kept_and_is_counted()
    {
        for (var k = 0; k < 200; k++) // 6.4 s of hops, past the 128 the history keeps
        {
            _engine.ProcessAudio(_silence, Ms(k * HopMs), Ms((k + 1) * HopMs));
        }
        _engine.ProcessFrame(ImageView.Rgb(new byte[Format.FrameBytes], Format.Width, Format.Height), Ms(100), Ms(100));

        Assert.Equal(1, _engine.SpeechHistoryMisses);
        Assert.Equal(Ms((200 - SpeechHistoryKept + 1) * HopMs), Assert.Single(_engine.Decisions.Snapshot().Records).Audio);
    }

    [Fact]
    public void Audio_that_never_arrives_holds_a_frame_no_longer_than_the_latency_budget()
    {
        AdvanceTo(100);
        WriteHops(0, 3, loud: false);
        PublishFrame(128);
        AdvanceTo(277.9);
        PollUntilIdle();
        Assert.Equal(0, _engine.Decisions.Count);

        AdvanceTo(278); // frame time + 150 ms budget
        PollUntilIdle();
        var decision = Assert.Single(_engine.Decisions.Snapshot().Records);
        Assert.Equal(Ms(96), decision.Audio);
        Assert.Equal((0L, 1L, 0L), (_feed.AlignedComplete, _feed.AlignedPartial, _feed.AlignedMissing));

        WriteHops(3, 1, loud: false); // too late for its frame, but not lost
        PollUntilIdle();
        Assert.Equal(4, _feed.HopsFed);
    }

    [Fact]
    public void A_camera_that_stalls_without_closing_its_ring_stops_holding_audio_back_once_it_is_missing()
    {
        AdvanceTo(20);
        PublishFrame(16); // the camera's last frame; its ring stays open, as a V4L2 camera's does
        long fedWhileStalled = -1;
        for (var k = 0; k < 63; k++) // 2 s of audio, twice what the ring holds; an utterance from 640 ms on
        {
            AdvanceTo((k + 1) * HopMs + 1);
            WriteHops(k, 1, loud: k >= 20);
            PollUntilIdle();
            if (k == 16)
            {
                fedWhileStalled = _feed.HopsFed; // at 545 ms: stalled, not missing yet (500 ms, checked at 550 ms)
            }
        }

        Assert.Equal(16, fedWhileStalled); // audio went up to the camera's bound plus the lead (516 ms), no further
        Assert.True(_engine.CameraMissing);
        Assert.Equal(63, _feed.HopsFed);
        Assert.Equal(0, _audio.Overruns);
        var speech = Assert.Single(_timeline.Snapshot(Ms(63 * HopMs)).Speech); // degraded mode still hears
        Assert.InRange(speech.Start.Milliseconds, 640, 63 * HopMs);
        Assert.Equal(1, _feed.FramesFed);
    }

    [Fact]
    public void A_paused_camera_does_not_hold_audio_back()
    {
        AdvanceTo(100);
        WriteHops(0, 3, loud: false);
        PollUntilIdle();
        Assert.Equal(0, _feed.HopsFed); // the camera has not produced yet and is not missing: audio waits for it

        Assert.True(_feed.SetPaused("camera", true));
        PollUntilIdle();
        Assert.Equal(3, _feed.HopsFed);
        Assert.True(_engine.CameraMissing);
    }

    [Fact]
    public void A_missing_microphone_does_not_delay_frames()
    {
        AdvanceTo(100);
        WriteHops(0, 3, loud: false);
        PublishFrame(90);
        PollUntilIdle();
        AdvanceTo(450); // the audio bound has not moved for 350 ms: missing at the 450 ms check
        Assert.True(_monitor.IsMissing(_audio.Bound));

        PublishFrame(440);
        PollUntilIdle();
        Assert.Equal(2, _feed.FramesFed);
        Assert.Equal(FeedProgress.Waiting, _feed.Poll(_engine));
        PublishFrame(445);
        Assert.Equal(FeedProgress.Progressed, _feed.Poll(_engine)); // at once, no clock advance needed
        Assert.Equal(3, _feed.FramesFed);
        Assert.Equal(2, _feed.AlignedMissing);
        Assert.True(_engine.MicrophoneMissing);
    }

    [Fact]
    public void The_audio_ring_keeps_every_later_frame_s_window_whole()
    {
        for (var k = 0; k < 40; k++)
        {
            AdvanceTo((k + 1) * HopMs + 1);
            WriteHops(k, 1, loud: false);
            var frameMs = 110 + 33.3 * _feed.FramesFed;
            if (frameMs <= (k + 1) * HopMs && !_frames.HasPending)
            {
                PublishFrame(frameMs);
            }
            PollUntilIdle();
        }

        Assert.True(_feed.FramesFed >= 30);
        Assert.Equal(_feed.FramesFed, _feed.AlignedComplete);
        Assert.Equal(_feed.FramesFed, _aligner.EdgeError.Count); // recorded for whole windows only
        Assert.True(_audio.Released > 0); // and it still releases what no window needs
        Assert.True(_audio.TimeOf(_audio.Released) >= Ms(110 + 33.3 * (_feed.FramesFed - 1) - 100 - HopMs));
    }

    [Fact]
    public void Feeding_and_waiting_allocate_nothing_in_steady_state()
    {
        long allocated = 0;
        for (var k = 0; k < 40; k++)
        {
            AdvanceTo((k + 1) * HopMs + 1);
            PublishFrame((k + 1) * HopMs - 5); // waits for hop k, which ends after it
            var before = GC.GetAllocatedBytesForCurrentThread();
            PollUntilIdle(); // takes the frame and waits
            WriteHops(k, 1, loud: false);
            PollUntilIdle(); // feeds the hop, then the frame
            // After the engine sized its buffers and tier 2 settled the first view (its look at start-up and two at the
            // settle rate after it, Cascade:Tracking:NewViewLooks: the frames at 27, 443 and 859 ms): a decision settled
            // on this thread is emitted, not steady state.
            if (k >= 28)
            {
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            // Tier 2 runs on its own thread at its own pace: waiting for it (outside the measured window) lets each pass's
            // result go out on the next frame, so none lands in a measured frame however loaded the machine is.
            Assert.True(_engine.WaitIdle(TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(40, _feed.FramesFed);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Run_sleeps_on_the_rings_signal_and_wakes_when_a_producer_publishes_not_on_a_poll()
    {
        AdvanceTo(100);
        using var stop = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => _feed.Run(_engine, () => 0, stop.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await WaitUntil(() => _feed.IsWaiting, "the feed waits on its signal");
        var wakes = _feed.Wakes;

        // 190 ms of sensor time with idle rings, in 1 ms steps (the monitor checks every 50 ms and reports nothing: the
        // streams' timeouts are longer): a polling feed would have looped at every step; this one never woke.
        for (var ms = 101; ms <= 290; ms++)
        {
            AdvanceTo(ms);
        }
        Assert.True(_feed.IsWaiting);
        Assert.Equal(wakes, _feed.Wakes);
        Assert.Equal(0, _feed.HopsFed);

        // A frame and the audio up to its time: the producers' publishes wake the feed, which feeds both.
        WriteHops(0, 11, loud: false); // [0, 352) ms
        PublishFrame(340);
        await WaitUntil(() => _feed.FramesFed == 1 && _feed.IsWaiting, "the frame fed");
        Assert.InRange(_feed.Wakes - wakes, 1, 12); // one per publish at most, and no timeouts
        Assert.Equal(11, _feed.HopsFed); // [320, 352) ends after the frame but within the lead: fed without waiting for the next frame

        await stop.CancelAsync(); // cancellation wakes it too
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, result.Frames);
    }

    [Fact]
    public async Task A_frame_waiting_for_audio_is_released_by_the_latency_budget_on_the_injected_clock()
    {
        AdvanceTo(100);
        WriteHops(0, 3, loud: false); // [0, 96) ms
        PublishFrame(128); // waits for [96, 128), which never comes
        using var stop = new CancellationTokenSource();
        var run = Task.Factory.StartNew(() => _feed.Run(_engine, () => 0, stop.Token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await WaitUntil(() => _feed.IsWaiting && _feed.HopsFed == 3, "the feed holds the frame and waits");

        AdvanceTo(277); // 1 ms short of frame time + 150 ms budget
        Assert.Equal(0, _feed.FramesFed);
        AdvanceTo(278); // the wait's timer fires on the manual clock
        await WaitUntil(() => _feed.FramesFed == 1, "the frame fed partial");
        Assert.Equal(1, _feed.AlignedPartial);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting: " + what);
            await Task.Delay(5);
        }
    }

    [Fact]
    public void Input_replayed_faster_than_real_time_reports_latencies_from_when_it_arrived_and_its_length_in_sensor_time()
    {
        // Pacing=asfast: the replay sources stamp file time from the replay's start and write as fast as the rings take
        // it, so the stamps run ahead of the clock. Here 960 ms of input arrive within 10 ms of clock time.
        AdvanceTo(5);
        WriteHops(0, 30, loud: false);
        for (var f = 0; f < 9; f++)
        {
            PublishFrame(16 + (100 * f));
            PollUntilIdle();
        }
        _frames.Complete();
        _audio.Complete();
        AdvanceTo(10);

        var result = _feed.Run(_engine, () => 0, CancellationToken.None);

        Assert.Equal(9, result.Frames);
        Assert.InRange(result.Seconds, 0.959, 0.961); // the hops' 960 ms, not the 10 ms of clock time the run took
        Assert.True(_engine.WaitIdle(TimeSpan.FromSeconds(60)));
        foreach (var (name, recorder) in new[] { ("fast", _engine.FastLatency), ("full", _engine.FullLatency), ("fast events", _engine.FastEventLatency), ("full events", _engine.FullEventLatency) })
        {
            Assert.All(recorder.SortedMilliseconds(), ms => Assert.True(ms >= 0, $"{name} latency {ms} ms"));
        }
        Assert.True(_engine.FullLatency.Count > 0);
        Assert.All(_engine.Decisions.Snapshot().Records, r => Assert.True(r.Latency >= TimeSpan.Zero && (r.FullLatency ?? TimeSpan.Zero) >= TimeSpan.Zero, r.ToString()));
    }

    [Fact]
    public void Input_replayed_as_fast_as_possible_but_slower_than_real_time_reports_latencies_from_when_it_reached_the_cascade()
    {
        // The other side of Pacing=asfast: a cascade slower than real time falls behind the file-time stamps, here by
        // 9 s. Measured from the stamps, every latency would be that backlog; measured from arrival, the cascade's own.
        // As SensorRig builds it for a replay at Pacing=asfast: the monitor does not watch a self-paced replay (else the
        // 10 s jump would declare both streams missing at 550 ms and describe that loss from then).
        using var monitor = new StreamMonitor(_time, TimeSpan.FromMilliseconds(50));
        monitor.Start();
        var aligner = new Aligner(_audio, new AlignerOptions { Before = TimeSpan.FromMilliseconds(100), LatencyBudget = TimeSpan.FromMilliseconds(150) }, monitor, _time);
        using var feed = new SensorRigFeed(_frames, _audio, monitor, aligner, Format, _time, fileTimeStamps: true);
        AdvanceTo(10_000);
        WriteHops(0, 30, loud: false);
        for (var f = 0; f < 9; f++)
        {
            PublishFrame(16 + (100 * f));
            PollUntilIdle(feed);
        }

        Assert.Equal(9, feed.FramesFed);
        Assert.True(_engine.WaitIdle(TimeSpan.FromSeconds(60)));
        Assert.True(_engine.FullLatency.Count > 0);
        foreach (var (name, recorder) in new[] { ("fast", _engine.FastLatency), ("full", _engine.FullLatency), ("fast events", _engine.FastEventLatency), ("full events", _engine.FullEventLatency) })
        {
            Assert.All(recorder.SortedMilliseconds(), ms => Assert.InRange(ms, 0, 1)); // the manual clock did not move while the cascade ran
        }
    }

    private static Timestamp Ms(double ms) => Timestamp.FromMilliseconds(ms);

    private void AdvanceTo(double ms) =>
        _time.Advance(TimeSpan.FromTicks(Math.Max(0, Ms(ms).Nanoseconds / 100 - _time.GetTimestamp())));

    private void WriteHops(int first, int count, bool loud)
    {
        for (var k = first; k < first + count; k++)
        {
            var block = loud ? _speech.AsSpan(Hop * _speechHops++, Hop) : _silence;
            Assert.True(_audio.Write(block, Ms(k * HopMs), Ms((k + 1) * HopMs)));
        }
    }

    private void PublishFrame(double ms)
    {
        var frame = _frames.TryAcquire() ?? throw new InvalidOperationException("no buffer");
        frame.Format = Format;
        frame.Length = Format.FrameBytes;
        frame.Data.Fill(128);
        frame.Timestamp = Ms(ms);
        _frames.Publish(frame);
    }

    private void PollUntilIdle(SensorRigFeed? feed = null)
    {
        for (var i = 0; i < 1000; i++)
        {
            if ((feed ?? _feed).Poll(_engine) != FeedProgress.Progressed)
            {
                return;
            }
        }
        Assert.Fail("the feed kept reporting progress");
    }
}
