namespace EdgeRuntime.Output.Speech;

/// <summary>How <see cref="SpeechOutput.Say"/> handled a description.</summary>
public enum SpeechOutcome
{
    /// <summary>Started now (interrupting anything still being said).</summary>
    Started,

    /// <summary>Waiting for the rate limit; a newer description will replace it.</summary>
    Deferred,

    /// <summary>Not spoken: speech is disabled or muted.</summary>
    Muted,
}

/// <summary>Counters of a <see cref="SpeechOutput"/>.</summary>
/// <param name="Spoken">Utterances started.</param>
/// <param name="Interrupted">Utterances cut off by a newer one.</param>
/// <param name="Superseded">Waiting descriptions replaced by a newer one before their turn.</param>
/// <param name="Stale">Waiting descriptions dropped because they were too old when their turn came.</param>
public readonly record struct SpeechStats(long Spoken, long Interrupted, long Superseded, long Stale);

/// <summary>
/// Speaks scene descriptions: rate-limited (utterances start at least <see cref="SpeechOptions.MinInterval"/> apart),
/// latest-wins (a description waiting for its turn is replaced by a newer one, and dropped when stale), and
/// interruptible (starting a new utterance stops the one in progress; an urgent one, e.g. a user request, starts at once).
/// </summary>
/// <remarks>
/// Design: every field is guarded by <c>_gate</c>; <see cref="Say"/> is called from the cascade thread, the rate-limit
/// timer fires on a timer thread (or, in tests, inside <c>ManualTimeProvider.Advance</c>). Time comes from the injected
/// <see cref="TimeProvider"/>.
/// </remarks>
public sealed class SpeechOutput : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SpeechOptions _options;
    private readonly ISpeechEngine _engine;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private ISpeechUtterance? _current;
    private long _lastStart = long.MinValue;
    private (string Text, long At)? _pending;
    private bool _muted;
    private long _spoken, _interrupted, _superseded, _stale;
    private bool _disposed;

    public SpeechOutput(SpeechOptions options, ISpeechEngine engine, TimeProvider time)
    {
        _options = options;
        _engine = engine;
        _time = time;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The utterance in progress or last started.</summary>
    public ISpeechUtterance? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Counters.</summary>
    public SpeechStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new SpeechStats(_spoken, _interrupted, _superseded, _stale);
            }
        }
    }

    /// <summary>Mutes or unmutes (the MQTT <c>mute</c> command); muting stops what is being said.</summary>
    public void SetMuted(bool muted)
    {
        lock (_gate)
        {
            _muted = muted;
            if (muted)
            {
                _pending = null;
                _current?.Stop();
            }
        }
    }

    /// <summary>Speaks <paramref name="text"/> now, or when the rate limit allows; <paramref name="urgent"/> skips the wait.</summary>
    public SpeechOutcome Say(string text, bool urgent = false)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_options.Enabled || _muted || string.IsNullOrWhiteSpace(text))
            {
                return SpeechOutcome.Muted;
            }
            var now = _time.GetTimestamp();
            var due = _lastStart == long.MinValue ? now : _lastStart + Ticks(_options.MinInterval);
            if (urgent || now >= due)
            {
                StartLocked(text, now);
                return SpeechOutcome.Started;
            }
            if (_pending is not null)
            {
                _superseded++;
            }
            _pending = (text, now);
            _timer.Change(_time.GetElapsedTime(now, due), Timeout.InfiniteTimeSpan);
            return SpeechOutcome.Deferred;
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed || _pending is not { } pending)
            {
                return;
            }
            _pending = null;
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(pending.At, now) > _options.MaxAge)
            {
                _stale++;
                return;
            }
            StartLocked(pending.Text, now);
        }
    }

    private void StartLocked(string text, long now)
    {
        if (_current is { IsRunning: true } running)
        {
            running.Stop();
            _interrupted++;
        }
        _current?.Dispose();
        _pending = null;
        _current = _engine.Start(text);
        _lastStart = now;
        _spoken++;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Stops speaking and the timer.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _timer.Dispose();
            _current?.Dispose();
        }
    }
}
