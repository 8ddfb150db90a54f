using EdgeRuntime.Testing;
using EdgeRuntime.Tools.Scenarios;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

/// <summary>The committed scenario specs: what the bootstrap generates for README command 1 and for <c>edge eval</c>.</summary>
public sealed class ScenarioSpecTests
{
    private static readonly string s_specs = Repo.Path("tools", "Scenarios", "data", "specs");

    [Fact]
    public void The_evaluation_set_shares_no_photo_sentence_or_sign_with_the_sample()
    {
        var sample = ScenarioGenerator.LoadSpecs(Path.Combine(s_specs, "sample.json"));
        var eval = ScenarioGenerator.LoadSpecs(Path.Combine(s_specs, "eval.json"));

        static (HashSet<string> Images, HashSet<string> Sentences, HashSet<string> Signs) Used(IEnumerable<Tools.Scenarios.Spec.ScenarioSpec> specs) =>
            (specs.SelectMany(s => s.Shots).Select(s => s.Image).ToHashSet(StringComparer.Ordinal),
             specs.SelectMany(s => s.Speech).Select(s => s.Text).ToHashSet(StringComparer.Ordinal),
             specs.SelectMany(s => s.Shots).Select(s => s.Sign).OfType<string>().ToHashSet(StringComparer.Ordinal));

        var (si, ss, sg) = Used(sample);
        var (ei, es, eg) = Used(eval);
        Assert.NotEmpty(ei);
        Assert.NotEmpty(es);
        Assert.NotEmpty(eg);
        Assert.Empty(si.Intersect(ei));
        Assert.Empty(ss.Intersect(es));
        Assert.Empty(sg.Intersect(eg));
        Assert.True(eval.Count >= 12, "at least 12 evaluation scenarios");
        Assert.True(eval.Sum(s => s.Shots.Sum(shot => shot.Seconds)) >= 720, "at least 12 minutes in total");
    }
}
