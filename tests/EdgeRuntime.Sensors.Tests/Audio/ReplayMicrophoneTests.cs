using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;
using EdgeRuntime.Sensors.Audio;
using EdgeRuntime.Sensors.Replay;

namespace EdgeRuntime.Sensors.Tests.Audio;

public sealed class ReplayMicrophoneTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = Repo.TempDir();

    [Fact]
    public async Task Speech_replayed_as_fast_as_consumed_arrives_whole_at_16_kHz_with_contiguous_stamps_and_its_loudness()
    {
        var speech = AudioFiles.Speech(_dir);
        var (rms, seconds) = AudioFiles.SoxStat(speech);
        using var ring = new AudioRing("audio", 16000, 1 << 14);
        var origin = new ReplayOrigin();
        var start = origin.GetOrSet(new Timestamp(2_000_000_000));
        var mic = new ReplayMicrophone(new ReplayMicrophoneSettings(speech, ReplayPacing.AsFast), ring, new ListLogger(), origin: origin);
        using var cts = new CancellationTokenSource(Deadline);
        var run = mic.RunAsync(cts.Token);

        // A sequential consumer that releases what it read, as the cascade does.
        var samples = new List<float>();
        long cursor = 0;
        while (!(ring.Bound.IsClosed && cursor == ring.Written))
        {
            var available = (int)(ring.Written - cursor);
            if (available > 0 && ring.TryRead(cursor, available, out var hop))
            {
                Assert.Equal(0, hop.MissingNanoseconds);
                Assert.Equal(start.AddNanoseconds((long)Math.Round(cursor * 1e9 / 16000)), hop.Start);
                var copy = new float[hop.Count];
                hop.CopyTo(copy);
                samples.AddRange(copy);
                cursor += hop.Count;
                ring.Release(cursor);
            }
            else
            {
                await ring.Bound.WaitForAdvanceAsync(TimeSpan.FromMilliseconds(100), cts.Token);
            }
        }
        await run;

        Assert.Equal(seconds, samples.Count / 16000.0, 2);
        Assert.Equal(rms, AudioFiles.Rms(samples.ToArray()), 2);
        Assert.Equal(0, ring.Overruns);
    }

    [Fact]
    public async Task At_realtime_pace_a_block_is_written_when_the_clock_reaches_its_last_sample()
    {
        var tone = AudioFiles.Tone(_dir, "tone.wav", 16000, 1, 16, 300, 0.05);
        var time = new ManualTimeProvider();
        using var ring = new AudioRing("audio", 16000, 4096, time: time);
        var mic = new ReplayMicrophone(new ReplayMicrophoneSettings(tone, ReplayPacing.Realtime), ring, new ListLogger(), time);
        var origin = Timestamp.Now(time);
        using var cts = new CancellationTokenSource(Deadline);
        var run = mic.RunAsync(cts.Token);

        Eventually.True(() => mic.NextBlockDue == origin.AddNanoseconds(10_000_000), Deadline, "first block waiting for 10 ms");
        Assert.Equal(0, ring.Written);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Eventually.True(() => ring.Written == 160, Deadline, "first block written at 10 ms");
        Assert.Equal(origin.AddNanoseconds(10_000_000), ring.Bound.Value);
        for (var i = 0; i < 4; i++)
        {
            Eventually.True(() => mic.NextBlockDue is not null, Deadline, "next block waiting");
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        await run.WaitAsync(Deadline);
        Assert.Equal(800, ring.Written);
        Assert.True(ring.Bound.IsClosed);
    }

    public void Dispose() => _dir.Dispose();
}
