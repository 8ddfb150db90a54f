using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Engine;

/// <summary>
/// The number of faces in view, debounced over face-detector runs the way <see cref="SpeechTracker"/> debounces speech:
/// more faces count once two runs in a row saw them (one frame's false positive is not a face), fewer once the lower
/// count has lasted <c>hold</c> in sensor time (a face turned away for a frame has not left). Allocation-free.
/// </summary>
public sealed class FaceCountDebouncer(TimeSpan hold)
{
    private int _previousRun = -1;
    private Timestamp _lowSince = Timestamp.MaxValue;

    /// <summary>The debounced count; −1 before the first run.</summary>
    public int Count { get; private set; } = -1;

    /// <summary>Feeds one detector run's count at <paramref name="frame"/>; returns true when <see cref="Count"/> changed.</summary>
    public bool Update(int seen, Timestamp frame)
    {
        var before = Count;
        if (Count < 0)
        {
            Count = seen; // the first look is taken as it is: there is nothing to debounce against
        }
        else if (seen > Count)
        {
            _lowSince = Timestamp.MaxValue;
            if (_previousRun > Count)
            {
                Count = Math.Min(seen, _previousRun);
            }
        }
        else if (seen < Count)
        {
            if (_lowSince == Timestamp.MaxValue)
            {
                _lowSince = frame;
            }
            if (frame - _lowSince >= hold)
            {
                Count = seen;
                _lowSince = Timestamp.MaxValue;
            }
        }
        else
        {
            _lowSince = Timestamp.MaxValue;
        }
        _previousRun = seen;
        return Count != before;
    }

    /// <summary>Forgets the count (the camera went away).</summary>
    public void Reset()
    {
        Count = -1;
        _previousRun = -1;
        _lowSince = Timestamp.MaxValue;
    }
}
