using EdgeRuntime.Cascade.Evaluation;
using EdgeRuntime.Cascade.Tracking;
using EdgeRuntime.Core.Time;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

public sealed class ScoringTests
{
    [Theory]
    [InlineData("EXIT", "EXIT", 0)]
    [InlineData("EXlT", "EXIT", 1)]
    [InlineData("", "EXIT", 4)]
    [InlineData("PLATFORM4", "PLATFORM 4", 1)]
    public void Character_errors_are_the_edit_distance(string read, string truth, int errors) =>
        Assert.Equal(errors, Scoring.Levenshtein(read, truth));

    [Fact]
    public void Precision_recall_and_f1_follow_from_the_counts_and_add_up_over_scenarios()
    {
        var a = new Counts(8, 2, 2);
        var b = new Counts(2, 0, 8);
        Assert.Equal(0.8, a.Precision, 6);
        Assert.Equal(0.8, a.Recall, 6);
        Assert.Equal(0.8, a.F1, 6);
        Assert.Equal(new Counts(10, 2, 10), a + b);
        Assert.Equal(20.0 / 32, (a + b).F1, 6);
    }

    [Fact]
    public void Ground_truth_spans_of_a_generated_scenario_tile_its_duration()
    {
        var (_, truth) = Support.TestScenarios.EndToEnd;
        Assert.Equal(0, truth.Spans[0].Start);
        Assert.Equal(truth.DurationSeconds, truth.Spans[^1].End, 6);
        for (var i = 1; i < truth.Spans.Count; i++)
        {
            Assert.Equal(truth.Spans[i - 1].End, truth.Spans[i].Start, 6);
        }
        Assert.Contains(truth.Spans, s => s.Speech && s.People() == 1);
        Assert.Contains(truth.Spans, s => s.Speech && s.Objects.Count == 0 && s.Text == "EXIT");
    }

    [Fact]
    public void The_svg_plot_is_well_formed_xml_with_one_line_per_series()
    {
        var svg = SvgPlot.Lines("t", "x", "y", [("a", SvgPlot.Cdf([1, 2, 3])), ("b & c", [(0, 0), (1, 1)])]);
        var doc = System.Xml.Linq.XDocument.Parse(svg);
        Assert.Equal(2, doc.Descendants("{http://www.w3.org/2000/svg}polyline").Count());
    }
}

public sealed class EventAgreementTests
{
    private static readonly Timestamp Origin = Timestamp.FromSeconds(100);

    private static Timestamp At(double s) => Origin + TimeSpan.FromSeconds(s);

    private static Timeline Views(params (double At, string[] Labels)[] views) =>
        new([], views.Select(v => new TimelineView(At(v.At), v.Labels, [])).ToList(), [], []);

    [Fact]
    public void A_timeline_becomes_entry_and_exit_events_per_label_speech_and_face()
    {
        var tl = new Timeline([(At(1), At(3))], [new(At(0.5), ["cup"], []), new(At(2), ["cup", "dog"], ["EXIT"]) { Since = [At(0.5), At(1.2)] }, new(At(4), [], [])], [(At(1.5), 1), (At(2.5), 2), (At(3.5), 0)], []);
        var events = Scoring.Events(tl, Origin).OrderBy(e => e.Seconds).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            ("cup/new", 0.5), ("speech/new", 1), ("dog/new", 1.2), ("face/new", 1.5), ("text/new", 2), ("speech/end", 3),
            ("face/end", 3.5), ("cup/end", 4), ("dog/end", 4), ("text/end", 4),
        ], events);
    }

    [Fact]
    public void A_tracked_label_and_text_end_when_first_missed_and_text_starts_at_its_first_sighting()
    {
        var tl = new Timeline([], [
            new(At(1), ["cup"], ["EXIT"]) { Since = [At(0.6)], TextSince = At(0.8) },
            new(At(4), [], []) { Left = [new Departure("cup", At(2.2)), new Departure("text", At(2.5))] },
        ], [], []);
        Assert.Equal([("cup/new", 0.6), ("text/new", 0.8), ("cup/end", 2.2), ("text/end", 2.5)], Scoring.Events(tl, Origin).OrderBy(e => e.Seconds).ToList());
    }

    [Fact]
    public void Events_match_one_to_one_by_label_within_the_tolerance()
    {
        var always = Scoring.Events(Views((0.2, ["cup"]), (5.0, [])), Origin);
        var cascade = Scoring.Events(Views((0.9, ["cup"]), (6.5, [])), Origin);
        // cup/new 0.7 s apart matches; cup/end 1.5 s apart does not
        Assert.Equal((1L, 4L), Scoring.EventAgreement(always, cascade));
    }

    [Fact]
    public void A_flickering_label_costs_agreement_for_every_extra_event()
    {
        var always = Scoring.Events(Views((0, ["cup"]), (1, []), (2, ["cup"]), (3, [])), Origin);
        var cascade = Scoring.Events(Views((0, ["cup"]), (3, [])), Origin);
        var (matched, events) = Scoring.EventAgreement(always, cascade);
        Assert.Equal(2, matched);
        Assert.Equal(6, events);
    }

    [Fact]
    public void Different_labels_never_match()
    {
        Assert.Equal((0L, 2L), Scoring.EventAgreement(Scoring.Events(Views((1, ["cup"])), Origin), Scoring.Events(Views((1, ["bowl"])), Origin)));
    }

    [Fact]
    public void Spoken_events_leave_out_weak_labels_and_time_a_claim_by_the_look_that_confirmed_it()
    {
        var tl = new Timeline([(At(1), At(3))], [
            new(At(1), ["cup", "kite"], []) { Since = [At(0.6), At(0.7)] }, // cup still weak, kite never confirmed
            new(At(2), ["cup", "kite"], []) { Since = [At(0.6), At(0.7)], Spoken = ["cup"] },
            new(At(3), ["cup", "kite"], []) { Since = [At(0.6), At(0.7)] }, // cup weak again: no longer said
            new(At(4), ["cup"], []) { Since = [At(0.6)], Spoken = ["cup"], Left = [new Departure("kite", At(3.2))] },
            new(At(6), [], []) { Left = [new Departure("cup", At(5.2))] },
        ], [], []);
        Assert.Equal(
            [("speech/new", 1), ("cup/new", 2), ("cup/end", 3), ("speech/end", 3), ("cup/new", 4), ("cup/end", 5.2)],
            Scoring.SpokenEvents(tl, Origin).OrderBy(e => e.Seconds).ThenBy(e => e.Key, StringComparer.Ordinal).ToList());
        // every label in view, as before: kite included, cup from its first sighting
        Assert.Contains(("kite/new", 0.7), Scoring.Events(tl, Origin));
        Assert.Contains(("cup/new", 0.6), Scoring.Events(tl, Origin));
    }

    [Fact]
    public void A_weak_label_only_one_run_saw_costs_event_agreement_but_not_spoken_claim_agreement()
    {
        TimelineView View(double at, string[] labels, string[] spoken) => new(At(at), labels, []) { Spoken = spoken };
        var always = new Timeline([], [View(1, ["cup", "kite"], ["cup"]), View(5, [], [])], [], []);
        var cascade = new Timeline([], [View(1.4, ["cup"], ["cup"]), View(5.5, [], [])], [], []);
        Assert.Equal((2L, 4L), Scoring.EventAgreement(Scoring.SpokenEvents(always, Origin), Scoring.SpokenEvents(cascade, Origin)));
        Assert.Equal((2L, 6L), Scoring.EventAgreement(Scoring.Events(always, Origin), Scoring.Events(cascade, Origin)));
    }
}
