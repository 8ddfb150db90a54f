using EdgeRuntime.Output.Speech;

namespace EdgeRuntime.Output.Tests.Speech;

/// <summary>Real espeak-ng writing each utterance to a WAV (this machine has no speaker); time is injected.</summary>
public sealed class SpeechOutputTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir("speech");
    private readonly ManualTimeProvider _time = new();

    private SpeechOptions Options(TimeSpan? maxAge = null) => new()
    {
        Enabled = true,
        MinInterval = TimeSpan.FromSeconds(4),
        MaxAge = maxAge ?? TimeSpan.FromSeconds(6),
        WavDirectory = _dir.Path,
    };

    private List<string> Wavs() => Directory.EnumerateFiles(_dir.Path, "*.wav").Order(StringComparer.Ordinal).ToList();

    private static Task Finished(SpeechOutput speech) => speech.Current!.Completion.WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_description_is_spoken_at_once_into_real_audio()
    {
        using var speech = new SpeechOutput(Options(), new EspeakEngine(Options()), _time);
        Assert.Equal(SpeechOutcome.Started, speech.Say("A person ahead is speaking."));
        await Finished(speech);
        var wav = Assert.Single(Wavs());
        Assert.True(new FileInfo(wav).Length > 20_000, "espeak-ng wrote less than half a second of audio");
        Assert.False(speech.Current!.Interrupted);
    }

    [Fact]
    public async Task A_second_description_within_the_interval_waits_and_only_the_latest_is_spoken()
    {
        using var speech = new SpeechOutput(Options(), new EspeakEngine(Options()), _time);
        speech.Say("A cup on the right.");
        await Finished(speech);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SpeechOutcome.Deferred, speech.Say("A cat ahead."));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SpeechOutcome.Deferred, speech.Say("A sign reads EXIT."));
        Assert.Single(Wavs());
        _time.Advance(TimeSpan.FromSeconds(2)); // 4 s after the first start
        await Finished(speech);
        Assert.Equal("A sign reads EXIT.", speech.Current!.Text);
        Assert.Equal(2, Wavs().Count);
        Assert.Equal(new SpeechStats(Spoken: 2, Interrupted: 0, Superseded: 1, Stale: 0), speech.Stats);
    }

    [Fact]
    public async Task A_waiting_description_that_became_stale_is_dropped()
    {
        using var speech = new SpeechOutput(Options(TimeSpan.FromSeconds(2)), new EspeakEngine(Options()), _time);
        speech.Say("A cup on the right.");
        await Finished(speech);
        _time.Advance(TimeSpan.FromSeconds(1));
        speech.Say("A cat ahead.");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(Wavs());
        Assert.Equal(1, speech.Stats.Stale);
    }

    [Fact]
    public async Task An_urgent_description_interrupts_the_one_being_spoken()
    {
        using var speech = new SpeechOutput(Options(), new EspeakEngine(Options()), _time);
        // Long enough that espeak-ng is still writing it when the urgent one arrives.
        var longText = string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog near the river bank.", 600));
        speech.Say(longText);
        var first = speech.Current!;
        Assert.Equal(SpeechOutcome.Started, speech.Say("Stop. A car on the left, close by.", urgent: true));
        await first.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(first.Interrupted);
        await Finished(speech);
        Assert.False(speech.Current!.Interrupted);
        Assert.Equal(1, speech.Stats.Interrupted);
    }

    [Fact]
    public void Nothing_is_spoken_while_muted_or_when_disabled()
    {
        using var muted = new SpeechOutput(Options(), new EspeakEngine(Options()), _time);
        muted.SetMuted(true);
        Assert.Equal(SpeechOutcome.Muted, muted.Say("A person ahead."));
        using var disabled = new SpeechOutput(Options() with { Enabled = false }, new EspeakEngine(Options()), _time);
        Assert.Equal(SpeechOutcome.Muted, disabled.Say("A person ahead."));
        Assert.Empty(Wavs());
    }

    public void Dispose() => _dir.Dispose();
}
