using System.Runtime.CompilerServices;
using EdgeRuntime.Core.Rings;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Core.Alignment;

/// <summary>
/// Finds the audio that goes with a frame: for a frame stamped t, the samples in [t − before, t + after), waiting at
/// most the latency budget for the audio stream's bound to pass t + after. A missing audio stream never blocks: the
/// frame gets what exists, marked <see cref="AlignmentStatus.AudioMissing"/>.
/// </summary>
/// <remarks>
/// Contract: one consumer thread calls <see cref="TryAlign"/> / <see cref="AlignAsync"/> and owns releasing audio
/// (<see cref="AudioRing.ReleaseBefore"/>) once it no longer needs it. Frame times and audio times share the monotonic
/// clock. Alignment error (distance between the requested and the delivered window edges) and waiting time are
/// recorded in <see cref="EdgeError"/> and <see cref="Wait"/>. Allocation-free.
/// </remarks>
public sealed class Aligner
{
    private readonly AudioRing _audio;
    private readonly StreamMonitor? _monitor;
    private readonly TimeProvider _time;
    private readonly long _beforeNs;
    private readonly long _afterNs;
    private readonly long _budgetNs;
    private long _complete;
    private long _partial;
    private long _missing;

    /// <summary>Creates an aligner over <paramref name="audio"/>; <paramref name="monitor"/> (watching that ring) supplies the missing state.</summary>
    public Aligner(AudioRing audio, AlignerOptions? options = null, StreamMonitor? monitor = null, TimeProvider? time = null)
    {
        options ??= new AlignerOptions();
        options.Validate();
        Options = options;
        _audio = audio;
        _monitor = monitor;
        _time = time ?? audio.Bound.Time;
        _beforeNs = options.Before.Ticks * 100;
        _afterNs = options.After.Ticks * 100;
        _budgetNs = options.LatencyBudget.Ticks * 100;
    }

    /// <summary>The options in force.</summary>
    public AlignerOptions Options { get; }

    /// <summary>Distance between requested and delivered window edges, for whole windows (sample quantisation plus snapping).</summary>
    public NanosecondHistogram EdgeError { get; } = new();

    /// <summary>How long past the window's end each alignment waited for audio (0 when the audio was already there).</summary>
    public NanosecondHistogram Wait { get; } = new();

    /// <summary>Windows handed out complete.</summary>
    public long CompleteCount => Volatile.Read(ref _complete);

    /// <summary>Windows handed out partial because the budget ran out.</summary>
    public long PartialCount => Volatile.Read(ref _partial);

    /// <summary>Windows handed out while the audio stream was missing.</summary>
    public long MissingCount => Volatile.Read(ref _missing);

    /// <summary>Aligns without waiting: <see cref="AlignmentStatus.Pending"/> means call again later (the bound has not passed the window's end yet).</summary>
    public AlignmentStatus TryAlign(Timestamp frameTime, out AlignmentResult result)
    {
        var from = frameTime.AddNanoseconds(-_beforeNs);
        var to = frameTime.AddNanoseconds(_afterNs);
        var now = Timestamp.Now(_time);
        AlignmentStatus status;
        var bound = _audio.Bound;
        if (bound.Value >= to && !bound.IsClosed)
        {
            status = AlignmentStatus.Complete;
        }
        else if (bound.IsClosed)
        {
            // Ended: everything it will ever have is there; complete if it covered the window's end.
            status = _audio.NewestEnd >= to ? AlignmentStatus.Complete : AlignmentStatus.AudioMissing;
        }
        else if (_monitor is not null && _monitor.IsMissing(bound))
        {
            status = AlignmentStatus.AudioMissing;
        }
        else if (now.NanosecondsSince(to) >= _budgetNs)
        {
            status = AlignmentStatus.Partial;
        }
        else
        {
            result = new AlignmentResult(AlignmentStatus.Pending, default, frameTime, from, to);
            return AlignmentStatus.Pending;
        }

        _audio.TryGetWindow(from, to, out var window);
        result = new AlignmentResult(status, window, frameTime, from, to);
        Record(in result, now);
        return status;
    }

    /// <summary>Aligns, waiting (without blocking a thread) until the window is complete, the budget runs out or audio is missing.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no allocation when it has to wait
    public async ValueTask<AlignmentResult> AlignAsync(Timestamp frameTime, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAlign(frameTime, out var result) != AlignmentStatus.Pending)
            {
                return result;
            }
            var remainingNs = result.To.AddNanoseconds(_budgetNs).NanosecondsSince(Timestamp.Now(_time));
            // Wake when the bound reaches the window's end, or when the budget is spent; a missing stream is
            // noticed by the monitor within its check period and ends the wait at the latest with the budget.
            await _audio.Bound.WaitPastAsync(result.To.AddNanoseconds(-1), TimeSpan.FromTicks(Math.Max(1, remainingNs / 100)), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Record(in AlignmentResult r, Timestamp now)
    {
        switch (r.Status)
        {
            case AlignmentStatus.Complete:
                Volatile.Write(ref _complete, _complete + 1);
                break;
            case AlignmentStatus.Partial:
                Volatile.Write(ref _partial, _partial + 1);
                break;
            default:
                Volatile.Write(ref _missing, _missing + 1);
                break;
        }
        Wait.Record(Math.Max(0, now.NanosecondsSince(r.To)));
        if (r.IsWhole)
        {
            EdgeError.Record(Math.Max(Math.Abs(r.Window.Start.NanosecondsSince(r.From)), Math.Abs(r.Window.End.NanosecondsSince(r.To))));
        }
    }
}
