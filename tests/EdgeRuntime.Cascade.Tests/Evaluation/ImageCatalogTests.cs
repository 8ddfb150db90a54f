using EdgeRuntime.Cascade.Detectors;
using EdgeRuntime.Testing;
using EdgeRuntime.Tools.Scenarios;

namespace EdgeRuntime.Cascade.Tests.Evaluation;

/// <summary>
/// The hand-annotated photo catalog (tools/Scenarios/data/images.json) that every scenario's ground truth comes from:
/// every photo annotated, with COCO labels and sane counts, and none of the photos kept for held-out checks.
/// </summary>
public sealed class ImageCatalogTests
{
    private static readonly string s_catalog = Repo.Path("tools", "Scenarios", "data", "images.json");

    [Fact]
    public void Every_photo_is_annotated_with_coco_labels_and_counts_a_person_would_give()
    {
        var catalog = ScenarioGenerator.LoadCatalog(s_catalog);
        Assert.True(catalog.Count >= 60, $"at least 60 photos (has {catalog.Count})");
        foreach (var (name, image) in catalog)
        {
            Assert.True(File.Exists(image.Path), $"{name}: {image.Path} does not exist (bootstrap installs opencv-doc and python3-skimage)");
            Assert.True(image.People >= 0 && (image.PeopleMax is null || image.PeopleMax > image.People), $"{name}: people {image.People}..{image.PeopleMax}");
            Assert.All(image.Objects, o =>
            {
                Assert.Contains(o.Label, CocoLabels.Names);
                Assert.True(o.Label != "person", $"{name}: people are counted in \"people\", not in \"objects\"");
                Assert.True(o.Count >= 1 && (o.Max is null || o.Max > o.Count), $"{name}: count of {o}");
            });
            Assert.Equal(image.Objects.Count, image.Objects.Select(o => o.Label).Distinct(StringComparer.Ordinal).Count());
            Assert.All(image.Acceptable, l =>
            {
                Assert.Contains(l, CocoLabels.Names);
                Assert.True(image.InView.All(o => o.Label != l), $"{name}: {l} is both in view and merely acceptable");
            });
            Assert.All(image.Text, t => Assert.False(string.IsNullOrWhiteSpace(t), $"{name}: empty text line"));
        }
        // Several photos with two or more people, several with nobody and no object at all, and everyday objects.
        Assert.True(catalog.Values.Count(i => i.People >= 2) >= 4, "photos with two or more people");
        Assert.True(catalog.Values.Count(i => i.InView.Count == 0) >= 10, "photos with nothing to name");
        Assert.True(catalog.Values.SelectMany(i => i.Objects).Select(o => o.Label).Distinct().Count() >= 15, "kinds of object");
    }

    [Fact]
    public void No_catalog_photo_is_one_kept_for_held_out_checks()
    {
        foreach (var (name, image) in ScenarioGenerator.LoadCatalog(s_catalog))
        {
            var path = Path.GetFullPath(image.Path);
            Assert.True(path.StartsWith("/usr/share/doc/opencv-doc/", StringComparison.Ordinal)
                        || path.StartsWith("/usr/lib/python3/dist-packages/skimage/", StringComparison.Ordinal), $"{name}: {path} is not from opencv-doc or python3-skimage");
            Assert.False(HeldOutEvaluation.Keeps(path), $"{name}: {path} is kept for held-out evaluation (shared/docs/environment.md)");
        }
    }

    [Theory]
    [InlineData("people")]
    [InlineData("objects")]
    [InlineData("text")]
    [InlineData("acceptable")]
    public void A_photo_without_its_annotation_is_rejected_naming_the_field(string missing)
    {
        using var dir = Repo.TempDir();
        var fields = new Dictionary<string, string>
        {
            ["people"] = "\"people\": 0", ["objects"] = "\"objects\": []", ["text"] = "\"text\": []", ["acceptable"] = "\"acceptable\": []",
        };
        var entry = string.Join(", ", fields.Where(f => f.Key != missing).Select(f => f.Value));
        var path = Path.Combine(dir.Path, "images.json");
        File.WriteAllText(path, $$"""{ "photo": { "path": "/usr/lib/python3/dist-packages/skimage/data/coffee.png", {{entry}} } }""");
        var e = Assert.Throws<InvalidDataException>(() => ScenarioGenerator.LoadCatalog(path));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
