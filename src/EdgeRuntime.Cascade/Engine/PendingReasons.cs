using EdgeRuntime.Cascade.Policy;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// Escalation reasons asked for between frames (a user request, a stream change), taken by whoever escalates next:
/// the next frame, or a frameless escalation while the camera is missing.
/// </summary>
/// <remarks>
/// Design: one int of <see cref="EscalationReason"/> bits. Any thread adds with Interlocked.Or; a taker swaps it to 0
/// with Interlocked.Exchange, so each bit is taken by exactly one escalation. Both are full fences: a request stored
/// before a reader checks the camera state is seen by one of the two takers.
/// </remarks>
internal sealed class PendingReasons
{
    private int _bits;

    public void Add(EscalationReason reason) => Interlocked.Or(ref _bits, (int)reason);

    /// <summary>Takes every pending reason (None when there were none).</summary>
    public EscalationReason Take() => (EscalationReason)Interlocked.Exchange(ref _bits, 0);

    /// <summary>Takes the pending reasons, without the interlocked swap when there are none (the per-frame case).</summary>
    public EscalationReason TakeAny() => Volatile.Read(ref _bits) == 0 ? EscalationReason.None : Take();
}
