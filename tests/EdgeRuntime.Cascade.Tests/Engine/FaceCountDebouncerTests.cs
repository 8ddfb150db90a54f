using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Engine;

public sealed class FaceCountDebouncerTests
{
    private readonly FaceCountDebouncer _faces = new(TimeSpan.FromMilliseconds(500));

    private bool Run(int seen, double seconds) => _faces.Update(seen, Timestamp.FromSeconds(seconds));

    [Fact]
    public void The_first_run_is_taken_as_it_is()
    {
        Assert.True(Run(1, 0));
        Assert.Equal(1, _faces.Count);
    }

    [Fact]
    public void A_face_in_one_frame_only_is_not_counted()
    {
        Run(0, 0);
        Assert.False(Run(1, 0.07));
        Assert.False(Run(0, 0.13));
        Assert.Equal(0, _faces.Count);
    }

    [Fact]
    public void A_face_seen_in_two_runs_in_a_row_is_counted()
    {
        Run(0, 0);
        Run(2, 0.07);
        Assert.True(Run(1, 0.13));
        Assert.Equal(1, _faces.Count); // the lower of the two runs
    }

    [Fact]
    public void A_face_missing_briefly_has_not_left_but_one_missing_for_the_hold_has()
    {
        Run(1, 0);
        Assert.False(Run(0, 0.1));
        Assert.False(Run(1, 0.2)); // back: the absence restarts
        Assert.False(Run(0, 0.3));
        Assert.False(Run(0, 0.7));
        Assert.True(Run(0, 0.8));
        Assert.Equal(0, _faces.Count);
    }

    [Fact]
    public void Reset_starts_over()
    {
        Run(2, 0);
        _faces.Reset();
        Assert.Equal(-1, _faces.Count);
        Assert.True(Run(0, 1));
    }
}
