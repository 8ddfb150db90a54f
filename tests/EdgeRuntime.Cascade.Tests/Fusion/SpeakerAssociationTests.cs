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

    private static Evidence Face(float x, float w) => new("blazeface", 1, "face", 0.9f, new Box(x + w / 4, 0.2f, w / 2, w / 2), T);

    [Fact]
    public void With_several_people_the_voice_goes_only_to_the_one_whose_mouth_moves_with_it()
    {
        var near = Person(0.0f, 0.5f);
        var talking = Person(0.7f, 0.2f);
        var faces = new[] { Face(0.0f, 0.5f), Face(0.7f, 0.2f) };
        Assert.Equal((null, null), SpeakerAssociation.Associate(Speech, [near, talking], faces, null));

        var mouth = new Evidence(Claim.MouthMotion, 1, Claim.MouthMotion, 0.8f, faces[1].Box, T);
        var (speaker, tie) = SpeakerAssociation.Associate(Speech, [near, talking], faces, mouth);
        Assert.Same(talking, speaker);
        Assert.Same(mouth, tie);
    }

    [Fact]
    public void One_person_is_the_speaker_only_while_their_face_is_in_view()
    {
        var person = Person(0.2f, 0.4f);
        var face = Face(0.2f, 0.4f);
        Assert.Equal((person, face), SpeakerAssociation.Associate(Speech, [person], [face], null));
        Assert.Equal((null, null), SpeakerAssociation.Associate(Speech, [person], [], null)); // seen from behind, or the face not found
        Assert.Equal((null, null), SpeakerAssociation.Associate(Speech, [person], [Face(0.7f, 0.2f)], null)); // a face elsewhere is not theirs
    }

    [Fact]
    public void Speech_with_nobody_in_view_and_silence_with_people_are_not_associated()
    {
        Assert.Equal((null, null), SpeakerAssociation.Associate(Speech, [], [], null));
        Assert.Equal((null, null), SpeakerAssociation.Associate(null, [Person(0.2f, 0.3f)], [Face(0.2f, 0.3f)], null));
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
