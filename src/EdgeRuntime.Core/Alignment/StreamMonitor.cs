using System.Threading.Channels;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Alignment;

/// <summary>
/// Watches stream bounds and ring counters and turns changes into <see cref="StreamEvent"/>s: a stream whose bound has
/// not advanced for its timeout is <see cref="StreamEventKind.Missing"/>, and <see cref="StreamEventKind.Recovered"/>
/// once it advances again; audio overruns and device overflows become events too. Producers never raise events
/// themselves, so the capture threads stay free of logging and channel writes.
/// </summary>
/// <remarks>
/// <see cref="Check"/> runs every <c>checkPeriod</c> on the injected <see cref="TimeProvider"/>'s timer once
/// <see cref="Start"/> is called, and whenever a consumer calls it. Configure with <see cref="Watch(SensorStream, StreamBound, TimeSpan)"/>
/// and friends before <see cref="Start"/>.
/// </remarks>
public sealed class StreamMonitor : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _checkPeriod;
    private readonly Lock _gate = new();
    private readonly List<Watched> _streams = [];
    private readonly Channel<StreamEvent> _events;
    private ITimer? _timer;
    private WakeSignal? _consumer; // set after each check that published an event, and after Report (see WakeOnEvent)
    private bool _publishedInCheck; // under _gate
    private long _startedTicks = long.MinValue; // under _gate: silence before Start is nobody's concern
    private long _dropped;

    private sealed class Watched(SensorStream stream, StreamBound bound, TimeSpan timeout, AudioRing? audio)
    {
        public SensorStream Stream { get; } = stream;

        public StreamBound Bound { get; } = bound;
        public TimeSpan Timeout { get; } = timeout;
        public AudioRing? Audio { get; } = audio;
        public bool Missing;
        public bool Ended;
        public long MissingSinceTicks;
        public long SeenOverrunSamples;
        public long SeenOverruns;
        public long SeenDeviceOverflows;
        public long SeenDeviceLost;
    }

    /// <summary>Creates a monitor that checks every <paramref name="checkPeriod"/> once started.</summary>
    public StreamMonitor(TimeProvider? time = null, TimeSpan? checkPeriod = null)
    {
        _time = time ?? TimeProvider.System;
        _checkPeriod = checkPeriod ?? TimeSpan.FromMilliseconds(100);
        _events = Channel.CreateBounded<StreamEvent>(new BoundedChannelOptions(256)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = false,
        }, _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The events, oldest first. Bounded (256); when nobody reads, the oldest are dropped (<see cref="Dropped"/>).</summary>
    public ChannelReader<StreamEvent> Events => _events.Reader;

    /// <summary>Events dropped because nobody read them before 256 newer ones came.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Watches a stream: missing after <paramref name="timeout"/> without its bound advancing.</summary>
    public void Watch(SensorStream stream, StreamBound bound, TimeSpan timeout) => Add(new Watched(stream, bound, timeout, null));

    /// <summary>Watches an audio ring (the microphone): its bound, and its overruns and device overflows.</summary>
    public void Watch(AudioRing ring, TimeSpan timeout) => Add(new Watched(SensorStream.Microphone, ring.Bound, timeout, ring));

    /// <summary>Watches a frame ring's bound (the camera).</summary>
    public void Watch(FrameRing ring, TimeSpan timeout) => Add(new Watched(SensorStream.Camera, ring.Bound, timeout, null));

    /// <summary>True while <paramref name="stream"/> is missing.</summary>
    public bool IsMissing(SensorStream stream)
    {
        lock (_gate)
        {
            foreach (var w in _streams)
            {
                if (w.Stream == stream)
                {
                    return w.Missing;
                }
            }
        }
        return false;
    }

    /// <summary>True while the stream with this bound is missing.</summary>
    public bool IsMissing(StreamBound bound)
    {
        lock (_gate)
        {
            foreach (var w in _streams)
            {
                if (w.Bound == bound)
                {
                    return w.Missing;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// Starts the periodic check (again: nothing). A stream's silence counts from here at the earliest, so a consumer
    /// that starts the monitor when it starts reading (after loading its models) does not find its streams missing.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                _startedTicks = _time.GetTimestamp();
                _timer = _time.CreateTimer(static s => ((StreamMonitor)s!).Check(), this, _checkPeriod, _checkPeriod);
            }
        }
    }

    /// <summary>
    /// Consumer: <paramref name="wake"/> is set whenever events were published, so a consumer blocked on it reads
    /// them at once instead of polling <see cref="Events"/>.
    /// </summary>
    public void WakeOnEvent(WakeSignal wake) => Volatile.Write(ref _consumer, wake);

    /// <summary>
    /// A source saw its stream fail (its device lost, its command exited): the stream is missing now, without waiting
    /// for its timeout; <see cref="StreamEventKind.Recovered"/> follows once its bound advances again.
    /// </summary>
    public void MarkMissing(StreamBound bound)
    {
        var published = false;
        lock (_gate)
        {
            foreach (var w in _streams)
            {
                if (w.Bound == bound && !w.Missing && !w.Ended)
                {
                    var nowTicks = _time.GetTimestamp();
                    w.Missing = true;
                    w.MissingSinceTicks = bound.LastAdvanceTicks;
                    _events.Writer.TryWrite(new StreamEvent(w.Stream, StreamEventKind.Missing, Timestamp.FromTicks(nowTicks, _time.TimestampFrequency), 0,
                        Elapsed(w.MissingSinceTicks, nowTicks)));
                    published = true;
                }
            }
        }
        if (published)
        {
            Volatile.Read(ref _consumer)?.Set();
        }
    }

    /// <summary>Publishes an event a source noticed itself (a restart).</summary>
    public void Report(in StreamEvent e)
    {
        _events.Writer.TryWrite(e);
        Volatile.Read(ref _consumer)?.Set();
    }

    /// <summary>Evaluates every watched stream now and publishes what changed.</summary>
    public void Check()
    {
        bool published;
        lock (_gate)
        {
            _publishedInCheck = false;
            var nowTicks = _time.GetTimestamp();
            var now = Timestamp.FromTicks(nowTicks, _time.TimestampFrequency);
            foreach (var w in _streams)
            {
                CheckBound(w, nowTicks, now);
                if (w.Audio is { } audio)
                {
                    CheckAudio(w, audio, now);
                }
            }
            published = _publishedInCheck;
        }
        if (published)
        {
            Volatile.Read(ref _consumer)?.Set();
        }
    }

    // Under _gate, from a check.
    private void Publish(in StreamEvent e)
    {
        _events.Writer.TryWrite(e);
        _publishedInCheck = true;
    }

    private void CheckBound(Watched w, long nowTicks, Timestamp now)
    {
        var bound = w.Bound;
        if (bound.IsClosed)
        {
            if (!w.Ended)
            {
                w.Ended = true;
                w.Missing = false;
                Publish(new StreamEvent(w.Stream, StreamEventKind.Ended, now, 0, TimeSpan.Zero));
            }
            return;
        }
        var last = Math.Max(bound.LastAdvanceTicks, _startedTicks);
        if (w.Missing)
        {
            if (last > w.MissingSinceTicks)
            {
                w.Missing = false;
                Publish(new StreamEvent(w.Stream, StreamEventKind.Recovered, now, 0, Elapsed(w.MissingSinceTicks, last)));
            }
            return;
        }
        var silence = Elapsed(last, nowTicks);
        if (silence > w.Timeout && !bound.IsHeldBack)
        {
            w.Missing = true;
            w.MissingSinceTicks = last;
            Publish(new StreamEvent(w.Stream, StreamEventKind.Missing, now, 0, silence));
        }
    }

    private void CheckAudio(Watched w, AudioRing audio, Timestamp now)
    {
        ReportGrowth(w.Stream, StreamEventKind.Overrun, now, audio.Overruns, audio.OverrunSamples, ref w.SeenOverruns, ref w.SeenOverrunSamples);
        ReportGrowth(w.Stream, StreamEventKind.DeviceOverflow, now, audio.DeviceOverflows, audio.DeviceLostSamples, ref w.SeenDeviceOverflows, ref w.SeenDeviceLost);
    }

    // One event when a producer's counter moved since the last check, carrying how many samples were lost meanwhile.
    private void ReportGrowth(SensorStream stream, StreamEventKind kind, Timestamp now, long occurrences, long samples, ref long seenOccurrences, ref long seenSamples)
    {
        if (occurrences == seenOccurrences)
        {
            return;
        }
        Publish(new StreamEvent(stream, kind, now, samples - seenSamples, TimeSpan.Zero));
        seenOccurrences = occurrences;
        seenSamples = samples;
    }

    private TimeSpan Elapsed(long fromTicks, long toTicks) => TimeSpan.FromSeconds((toTicks - fromTicks) / (double)_time.TimestampFrequency);

    private void Add(Watched w)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(w.Timeout, TimeSpan.Zero);
        lock (_gate)
        {
            _streams.Add(w);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
        _events.Writer.TryComplete();
    }
}
