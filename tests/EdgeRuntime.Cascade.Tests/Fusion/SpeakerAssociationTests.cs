using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Cascade.Fusion;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Fusion;

public sealed class SpeakerAssociationTests
{
    private static readonly Timestamp T = Timestamp.FromSeconds(3);
    private static readonly Evidence Speech = new("silero-vad", 1, "speech", 0.9f, null, T);

    private static Evidence Person(float x, float w, string model = "centernet", string label = "person") =>
        new(model, model == "centernet" ? 2 : 1, label, 0.8f, new Box(x, 0.2f, w, w), T);

    [Fact]
    public void Speech_goes_to_the_person_under_the_moving_region_rather_than_the_nearest()
    {
        var near = Person(0.0f, 0.5f);
        var moving = Person(0.7f, 0.2f);
        Assert.Same(moving, SpeakerAssociation.Associate(Speech, [near, moving], new Box(0.75f, 0.25f, 0.1f, 0.1f)));
    }

    [Fact]
    public void Without_motion_speech_goes_to_the_nearest_person()
    {
        var near = Person(0.0f, 0.5f);
        Assert.Same(near, SpeakerAssociation.Associate(Speech, [Person(0.7f, 0.2f), near], null));
    }

    [Fact]
    public void Speech_with_nobody_in_view_and_silence_with_people_are_not_associated()
    {
        Assert.Null(SpeakerAssociation.Associate(Speech, [], null));
        Assert.Null(SpeakerAssociation.Associate(null, [Person(0.2f, 0.3f)], null));
    }

    [Fact]
    public void A_face_outside_every_person_box_counts_as_a_person_and_keeps_its_own_model_as_evidence()
    {
        var person = Person(0.0f, 0.3f);
        var insideFace = Person(0.1f, 0.1f, "blazeface", "face");
        var loneFace = Person(0.7f, 0.1f, "blazeface", "face");
        var people = SpeakerAssociation.People([person], [insideFace, loneFace]);
        Assert.Equal(2, people.Count);
        Assert.Equal(("blazeface", "person"), (people[1].Model, people[1].Label));
    }
}
