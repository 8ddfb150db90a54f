using EdgeRuntime.Core.Alignment;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Audio;

namespace EdgeRuntime.Sensors.Tests.Audio;

/// <summary>
/// The capture callback's work (mixing, resampling, ADC-time mapping, overflow accounting) driven the way PortAudio
/// drives it, with a 48 kHz stereo device whose buffers arrive on a manual clock.
/// </summary>
public class PortAudioCallbackTests
{
    private const int DeviceRate = 48000;
    private const int Frames = 480; // 10 ms

    private static (PortAudioMicrophone Mic, AudioRing Ring, ManualTimeProvider Time) Create()
    {
        var time = new ManualTimeProvider();
        time.Advance(TimeSpan.FromSeconds(100));
        var ring = new AudioRing("audio", 16000, 1 << 16, time: time);
        var mic = new PortAudioMicrophone("test", TimeSpan.FromMilliseconds(10), ring, new ListLogger(), time);
        mic.Prepare(channels: 2, DeviceRate, Frames, inputLatency: 0.005);
        return (mic, ring, time);
    }

    // Delivers one buffer: the stream clock reads `streamNow`; the first frame was sampled `age` seconds earlier.
    private static void Deliver(PortAudioMicrophone mic, ManualTimeProvider time, short[] stereo, double streamNow, double age, bool overflow = false)
    {
        time.Advance(TimeSpan.FromMilliseconds(10));
        mic.OnInput(stereo, Frames, streamNow - age, streamNow, overflow);
    }

    [Fact]
    public void Stereo_48_kHz_capture_becomes_16_kHz_mono_stamped_from_the_ADC_time()
    {
        var (mic, ring, time) = Create();
        // Left and right at +0.25 and -0.25 of full scale: the mono mix is silence; then both at +0.5.
        var opposite = Enumerable.Range(0, Frames * 2).Select(i => (short)(i % 2 == 0 ? 8192 : -8192)).ToArray();
        var same = Enumerable.Repeat((short)16384, Frames * 2).ToArray();
        var streamClock = 5000.0; // PortAudio's stream clock is not the monotonic clock
        for (var i = 0; i < 100; i++)
        {
            Deliver(mic, time, i < 50 ? opposite : same, streamClock += 0.01, age: 0.02);
        }
        using (ring)
        {
            Assert.InRange(ring.Written, 100 * 160 - 40, 100 * 160);
            Assert.True(ring.TryRead(100, 600, out var quiet));
            Assert.True(AudioFiles.Rms(Copy(quiet)) < 1e-4, "left and right cancel");
            Assert.True(ring.TryRead(60 * 160, 600, out var loud));
            Assert.All(Copy(loud), s => Assert.Equal(0.5, s, 2));

            // Sample 0 was sampled 20 ms before the first callback, which ran at 100.010 s on the monotonic clock.
            Assert.InRange(ring.TimeOf(0).Milliseconds, 99_989.0, 99_991.0);
            Assert.InRange(ring.TimeOf(16 * 160).Milliseconds, 99_990.0 + 160, 99_990.0 + 160 + 1);
        }
    }

    [Fact]
    public void An_input_overflow_leaves_a_gap_as_long_as_what_the_ADC_lost_and_is_counted()
    {
        var (mic, ring, time) = Create();
        using var monitor = new StreamMonitor(time);
        monitor.Watch(ring, TimeSpan.FromSeconds(1));
        var buffer = new short[Frames * 2];
        var streamClock = 10.0;
        for (var i = 0; i < 40; i++)
        {
            Deliver(mic, time, buffer, streamClock += 0.01, age: 0.02);
        }
        // Five buffers (50 ms) were dropped before this one: the ADC time jumps by 60 ms instead of 10.
        time.Advance(TimeSpan.FromMilliseconds(50));
        Deliver(mic, time, buffer, streamClock += 0.06, age: 0.02, overflow: true);
        for (var i = 0; i < 10; i++)
        {
            Deliver(mic, time, buffer, streamClock += 0.01, age: 0.02);
        }

        Assert.Equal(1, ring.DeviceOverflows);
        Assert.Equal(800, ring.DeviceLostSamples); // 2400 device frames at 48 kHz = 800 samples at 16 kHz
        var gapStart = ring.TimeOf(40 * 160 - 20);
        Assert.True(ring.TryGetWindow(gapStart, gapStart.AddNanoseconds(100_000_000), out var window));
        Assert.InRange(window.MissingNanoseconds, 48_000_000, 52_000_000);
        monitor.Check();
        Assert.True(monitor.Events.TryRead(out var e));
        Assert.Equal((StreamEventKind.DeviceOverflow, 800L), (e.Kind, e.Count));
        ring.Dispose();
    }

    [Fact]
    public void The_callback_allocates_nothing()
    {
        var (mic, ring, time) = Create();
        var buffer = new short[Frames * 2];
        var streamClock = 1.0;
        for (var i = 0; i < 50; i++)
        {
            Deliver(mic, time, buffer, streamClock += 0.01, age: 0.02);
            ring.Release(ring.Written);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 500; i++)
        {
            mic.OnInput(buffer, Frames, (streamClock += 0.01) - 0.02, streamClock, false);
            ring.Release(ring.Written);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        ring.Dispose();
    }

    private static float[] Copy(in AudioWindow w)
    {
        var a = new float[w.Count];
        w.CopyTo(a);
        return a;
    }
}
