using System.Diagnostics;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The one-slot hand-over between the threads that escalate and the tier-2 worker: latest wins. An escalation offered
/// while another still waits replaces it (its user request carried over), and the replaced one is settled as
/// superseded and counted; the worker takes the waiting request, runs it, and reports when it is done.
/// </summary>
/// <remarks>
/// Design: two <see cref="Tier2Request"/>s, pending and working, and the flags below, all guarded by <c>_gate</c>'s
/// monitor (Wait/Pulse, not a Lock). The offering thread (the fast path, or any thread for a frameless escalation)
/// copies its frame into the pending slot's own buffer under the lock; the worker swaps the two slots under the lock
/// and then reads its working slot outside it, so neither ever reads a buffer the other writes. <c>_idle</c> is
/// cleared in the same critical section that takes a request, so <see cref="WaitIdle"/> never sees neither pending nor
/// running. A superseded decision is settled by the offering thread after it left the lock (observers may block).
/// <see cref="ObjectsUnsure"/> is the one flag flowing back: the worker sets it after a view that left an unconfirmed
/// label, the fast path clears it when it escalates (volatile: a stale read costs at most one frame). <see cref="Fault"/>
/// is the other: set once by the worker when tier 2 failed for good, read by the fast path per frame and hop.
/// </remarks>
internal sealed class Tier2Handover(DecisionLog decisions, ICascadeObserver observer)
{
    private readonly object _gate = new();
    private Tier2Request _pending = new();
    private Tier2Request _working = new();
    private bool _hasPending;
    private bool _stopping;
    private bool _idle = true;
    private long _superseded;
    private volatile bool _objectsUnsure;
    private CascadeFailedException? _fault; // Interlocked.CompareExchange to set, Volatile.Read to read

    /// <summary>Escalations that replaced a waiting one because tier 2 was still busy.</summary>
    public long Superseded => Interlocked.Read(ref _superseded);

    /// <summary>Set by the worker after a view that left an unconfirmed label; cleared by the fast path when it escalates.</summary>
    public bool ObjectsUnsure
    {
        get => _objectsUnsure;
        set => _objectsUnsure = value;
    }

    /// <summary>Set by the worker once tier 2 failed for good; the fast path throws it at its next frame or hop.</summary>
    public CascadeFailedException? Fault => Volatile.Read(ref _fault);

    /// <summary>The worker gave up (the first reason stays).</summary>
    public void Fail(CascadeFailedException fault) => Interlocked.CompareExchange(ref _fault, fault, null);

    /// <summary>Hands a pass to tier 2, replacing any that still waits. Any thread.</summary>
    public void Offer(ImageView frame, in Tier2Snapshot snapshot)
    {
        DecisionRecord? superseded = null;
        var decision = snapshot.Decision;
        lock (_gate)
        {
            if (_hasPending)
            {
                Interlocked.Increment(ref _superseded);
                superseded = _pending.Decision with { Superseded = true };
                // A newer frame replaces a waiting one, but not the user's request riding on it: the replacement
                // answers it (its description is the user's, spoken at once), or the press would go unanswered.
                if ((_pending.Decision.Reason & EscalationReason.UserRequest) != 0)
                {
                    decision = decision with
                    {
                        Reason = decision.Reason | (_pending.Decision.Reason & (EscalationReason.UserRequest | EscalationReason.ReadText)),
                        Asked = _pending.Decision.Asked is { } asked && decision.Asked is { } later ? Timestamp.Min(asked, later) : _pending.Decision.Asked ?? decision.Asked,
                    };
                }
            }
            _pending.Set(frame, snapshot with { Decision = decision });
            _hasPending = true;
            Monitor.Pulse(_gate);
        }
        if (superseded is { } replaced)
        {
            Settle(replaced);
        }
    }

    /// <summary>A tier-2 decision is settled (ran, failed or superseded): the log gets its final form and the observer hears of it.</summary>
    public void Settle(in DecisionRecord record)
    {
        decisions.Complete(record);
        observer.Decided(record);
    }

    /// <summary>The worker: blocks until a request waits and takes it; false once stopping with nothing left.</summary>
    public bool Take(out Tier2Request request)
    {
        lock (_gate)
        {
            while (!_hasPending && !_stopping)
            {
                Monitor.Wait(_gate);
            }
            if (!_hasPending)
            {
                request = null!;
                return false;
            }
            (_pending, _working) = (_working, _pending);
            _hasPending = false;
            _idle = false; // in the same critical section, so WaitIdle never sees neither pending nor running
            request = _working;
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    /// <summary>The worker finished the request it took.</summary>
    public void Done()
    {
        lock (_gate)
        {
            _idle = !_hasPending;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Blocks until nothing is waiting or running, or the timeout passed; true when idle.</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            while (_hasPending || !_idle)
            {
                var left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || !Monitor.Wait(_gate, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency)))
                {
                    return !_hasPending && _idle;
                }
            }
            return true;
        }
    }

    /// <summary>Lets the worker end once the request waiting (if any) has run.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }
}
