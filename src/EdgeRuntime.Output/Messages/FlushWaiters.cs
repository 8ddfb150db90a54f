namespace EdgeRuntime.Output.Messages;

/// <summary>
/// Tasks waiting until a sink has delivered everything up to a position (a count or a sequence number).
/// </summary>
/// <remarks>
/// // Design: any thread registers; the sink's own loop calls <see cref="Complete"/> with the position delivered so
/// far. A lock guards the list: registrations are rare (flush, shutdown), so contention does not matter.
/// </remarks>
internal sealed class FlushWaiters
{
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];

    /// <summary>A task that completes once <see cref="Complete"/> reports a position ≥ <paramref name="target"/>.</summary>
    public Task Register(long target, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((target, done));
        }
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Whether anyone waits.</summary>
    public bool Any
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count > 0;
            }
        }
    }

    /// <summary>Completes every waiter whose target is at or below <paramref name="position"/>.</summary>
    public void Complete(long position)
    {
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= position)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Fails every waiter (the sink stopped before delivering).</summary>
    public void FailAll(Exception reason)
    {
        lock (_gate)
        {
            foreach (var (_, done) in _waiters)
            {
                done.TrySetException(reason);
            }
            _waiters.Clear();
        }
    }
}
