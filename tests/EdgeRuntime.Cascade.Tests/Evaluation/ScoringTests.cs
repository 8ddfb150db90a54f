using EdgeRuntime.Cascade.Evaluation;

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
        Assert.Contains(truth.Spans, s => s.Speech && s.Objects.Contains("person"));
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
