using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Gates;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Tracking;

public sealed class ObjectTrackerTests
{
    // One look settles a new view here: these tests are about labels; a new view's own looks are tested below.
    private readonly ObjectTracker _tracker = new(new TrackingOptions { Confirm = 0.5, ConfirmViews = 2, Hold = TimeSpan.FromSeconds(1.5), ViewChange = 0.25, NewViewLooks = 1 });
    private readonly SceneSignature _kitchen = Signature(60);
    private readonly SceneSignature _street = Signature(200);
    private readonly SceneSignature _kitchenShaken = Signature(80); // a hand-held wobble: close to the kitchen

    private static SceneSignature Signature(byte luma)
    {
        var s = new SceneSignature();
        var plane = new byte[64 * 48];
        Array.Fill(plane, luma);
        s.Compute(plane, 64, 48, 64);
        return s;
    }

    private static Evidence Seen(string label, float score, double at) => new("centernet", 2, label, score, null, Timestamp.FromSeconds(at));

    private string[] View(double at, SceneSignature view, params Evidence[] detections) =>
        _tracker.Update(detections, Timestamp.FromSeconds(at), view).Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_confident_detection_is_in_view_at_once()
    {
        Assert.Equal(["cup"], View(1, _kitchen, Seen("cup", 0.8f, 1)));
        Assert.False(_tracker.Unsettled);
    }

    [Fact]
    public void The_most_boxes_one_view_of_the_streak_held_is_kept_until_the_label_leaves()
    {
        View(1, _kitchen, Seen("person", 0.8f, 1), Seen("person", 0.31f, 1));
        View(1.4, _kitchen, Seen("person", 0.8f, 1.4)); // the second player missed in this look
        Assert.Equal(2, _tracker.MostSeen("person"));
        View(5, _kitchen, Seen("cup", 0.8f, 5)); // the person left (unseen past the hold): a new streak starts from nothing
        Assert.Equal(0, _tracker.MostSeen("person"));
        View(5.4, _kitchen, Seen("person", 0.8f, 5.4));
        Assert.Equal(1, _tracker.MostSeen("person"));
    }

    [Fact]
    public void A_weak_detection_waits_for_a_second_sighting_and_asks_for_another_look()
    {
        Assert.Empty(View(1, _kitchen, Seen("chair", 0.35f, 1)));
        Assert.True(_tracker.Unsettled);
        Assert.Equal(["chair"], View(1.4, _kitchen, Seen("chair", 0.33f, 1.4)));
        Assert.False(_tracker.Unsettled);
    }

    [Fact]
    public void A_weak_detection_not_seen_again_within_the_hold_is_forgotten()
    {
        View(1, _kitchen, Seen("chair", 0.35f, 1));
        Assert.Empty(View(3, _kitchen));
        Assert.False(_tracker.Unsettled);
        Assert.Empty(View(3.3, _kitchen, Seen("chair", 0.35f, 3.3))); // a fresh first sighting again
    }

    [Fact]
    public void One_missed_view_of_the_same_scene_is_not_an_exit_but_a_longer_absence_is()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1));
        Assert.Equal(["cup"], View(1.3, _kitchen));
        Assert.True(_tracker.Unsettled); // held: another look decides
        Assert.Equal(["cup"], View(2.4, _kitchen));
        Assert.Empty(View(2.6, _kitchen));
        Assert.False(_tracker.Unsettled);
    }

    [Fact]
    public void A_shaking_camera_is_not_looking_elsewhere()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1));
        Assert.Equal(["cup"], View(1.2, _kitchenShaken));
    }

    [Fact]
    public void A_label_missing_after_the_camera_looked_elsewhere_leaves_at_once()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1));
        Assert.Equal(["car"], View(1.2, _street, Seen("car", 0.9f, 1.2)));
    }

    [Fact]
    public void The_reported_evidence_is_the_latest_sighting_with_every_detection_of_the_label()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1));
        var now = _tracker.Update([Seen("cup", 0.7f, 1.2), Seen("cup", 0.6f, 1.2)], Timestamp.FromSeconds(1.2), _kitchen);
        Assert.Equal(2, now.Count);
        Assert.All(now, e => Assert.Equal(Timestamp.FromSeconds(1.2), e.Timestamp));
        var held = _tracker.Update([], Timestamp.FromSeconds(1.5), _kitchen);
        Assert.All(held, e => Assert.Equal(Timestamp.FromSeconds(1.2), e.Timestamp)); // held labels cite when they were seen
    }

    [Fact]
    public void A_label_that_stays_missing_departs_at_the_first_view_that_missed_it()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1));
        View(1.3, _kitchen);
        Assert.Empty(_tracker.Departed); // held
        Assert.Equal(["cup"], View(1.6, _kitchen, Seen("cup", 0.7f, 1.6))); // seen again: the miss at 1.3 is forgotten
        View(2.2, _kitchen);
        Assert.Empty(View(3.2, _kitchen));
        Assert.Equal([new Departure("cup", Timestamp.FromSeconds(2.2))], _tracker.Departed);
        View(3.4, _kitchen);
        Assert.Empty(_tracker.Departed); // reported once
    }

    [Fact]
    public void A_label_missing_after_the_camera_looked_elsewhere_departs_at_that_view_and_a_candidate_never_departs()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1), Seen("chair", 0.35f, 1));
        View(1.2, _street);
        Assert.Equal([new Departure("cup", Timestamp.FromSeconds(1.2))], _tracker.Departed);
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        View(1, _kitchen, Seen("cup", 0.8f, 1), Seen("chair", 0.3f, 1));
        _tracker.Clear();
        Assert.False(_tracker.Unsettled);
        Assert.Empty(View(1.1, _kitchen));
    }
}

public sealed class ObjectTrackerCutTests
{
    private readonly ObjectTracker _tracker = new(new TrackingOptions());
    private readonly SceneSignature _view = new();

    private static Evidence Seen(string label, float score) => new("centernet", 2, label, score, null, Timestamp.FromSeconds(1));

    [Fact]
    public void A_label_missing_after_a_shot_cut_leaves_at_once_even_when_the_signature_barely_moved()
    {
        _tracker.Update([Seen("cup", 0.8f)], Timestamp.FromSeconds(1), _view, cuts: 3);
        Assert.Single(_tracker.Update([], Timestamp.FromSeconds(1.2), _view, cuts: 3));
        Assert.Empty(_tracker.Update([], Timestamp.FromSeconds(1.4), _view, cuts: 4));
    }

    [Fact]
    public void The_first_view_and_each_view_after_a_cut_stay_unsettled_for_their_first_looks_even_with_nothing_in_them()
    {
        Assert.Equal(3, new TrackingOptions().NewViewLooks);
        var looks = new List<bool>();
        void Look(double at, long cuts)
        {
            _tracker.Update([], Timestamp.FromSeconds(at), _view, cuts);
            looks.Add(_tracker.Unsettled);
        }
        Look(1.0, 0);
        Look(1.4, 0);
        Look(1.8, 0); // the third look at the first view settles it
        Look(5.0, 0);
        Look(6.0, 1); // a cut: a new view
        Look(6.4, 1);
        Look(6.8, 1);
        Look(7.2, 2); // another cut before the last one settled
        Look(7.6, 2);
        Look(8.0, 2);
        Assert.Equal([true, true, false, false, true, true, false, true, true, false], looks);
        _tracker.Clear(); // the camera went away: what comes back is a new view
        Look(20.0, 2);
        Assert.True(looks[^1]);
    }

    [Fact]
    public void A_label_confirmed_by_later_sightings_entered_at_the_first()
    {
        _tracker.Update([Seen("chair", 0.35f)], Timestamp.FromSeconds(1), _view);
        Assert.Empty(_tracker.Update([Seen("chair", 0.35f) with { Timestamp = Timestamp.FromSeconds(1.5) }], Timestamp.FromSeconds(1.5), _view));
        var now = _tracker.Update([Seen("chair", 0.35f) with { Timestamp = Timestamp.FromSeconds(2) }], Timestamp.FromSeconds(2), _view);
        Assert.Equal(Timestamp.FromSeconds(1), Assert.Single(now).Since);
    }

    [Fact]
    public void A_weak_label_seen_in_too_small_a_share_of_the_views_stays_out_however_often_it_is_seen()
    {
        // One view in four shows it, each sighting within the hold of the last: a looker at every frame counts many
        // sightings, but the share stays a quarter, below ConfirmFraction.
        for (var i = 0; i < 40; i++)
        {
            var at = Timestamp.FromSeconds(1 + 0.2 * i);
            var seen = i % 4 == 0 ? [Seen("remote", 0.4f) with { Timestamp = at }] : Array.Empty<Evidence>();
            Assert.Empty(_tracker.Update(seen, at, _view));
        }
        Assert.True(_tracker.Unsettled); // still a candidate: the policy keeps looking
    }

    [Fact]
    public void A_weak_label_seen_in_a_third_of_the_views_enters_at_its_first_sighting()
    {
        List<Evidence> now = [];
        for (var i = 0; i < 7; i++)
        {
            var at = Timestamp.FromSeconds(1 + 0.2 * i);
            now = _tracker.Update(i % 3 == 0 ? [Seen("dog", 0.4f) with { Timestamp = at }] : [], at, _view);
        }
        Assert.Equal(Timestamp.FromSeconds(1), Assert.Single(now).Since); // 3 sightings in 7 views
    }
}
