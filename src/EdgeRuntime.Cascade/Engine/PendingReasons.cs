using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Escalation reasons asked for between frames (a user request, a stream change), taken by whoever escalates next:
/// the next frame, or a frameless escalation while the camera is missing.
/// </summary>
/// <remarks>
/// Design: one int of <see cref="EscalationReason"/> bits. Any thread adds with Interlocked.Or; a taker swaps it to 0
/// with Interlocked.Exchange, so each bit is taken by exactly one escalation. Both are full fences: a request stored
/// before a reader checks the camera state is seen by one of the two takers. <c>_askedNs</c> is when the oldest
/// request not yet taken was made (0: none), set before its bit (CompareExchange, so the oldest stays) and taken after
/// the bits: the request-to-answer latency runs from it.
/// </remarks>
internal sealed class PendingReasons
{
    private int _bits;
    private long _askedNs;

    /// <summary>A user request at <paramref name="now"/> (monotonic): its reasons and when it was made.</summary>
    public void Ask(EscalationReason reason, Timestamp now)
    {
        Interlocked.CompareExchange(ref _askedNs, Math.Max(1, now.Nanoseconds), 0);
        Add(reason);
    }

    /// <summary>When the oldest user request not yet taken was made, or null; call after taking its bit.</summary>
    public Timestamp? TakeAsked()
    {
        var ns = Interlocked.Exchange(ref _askedNs, 0);
        return ns == 0 ? null : new Timestamp(ns);
    }

    public void Add(EscalationReason reason) => Interlocked.Or(ref _bits, (int)reason);

    /// <summary>Takes every pending reason (None when there were none).</summary>
    public EscalationReason Take() => (EscalationReason)Interlocked.Exchange(ref _bits, 0);

    /// <summary>Takes the pending reasons, without the interlocked swap when there are none (the per-frame case).</summary>
    public EscalationReason TakeAny() => Volatile.Read(ref _bits) == 0 ? EscalationReason.None : Take();
}
