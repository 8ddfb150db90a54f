using EdgeRuntime.Cascade.Description;
using EdgeRuntime.Cascade.Tests.Support;
using Xunit.Abstractions;

namespace EdgeRuntime.Cascade.Tests.Calibration;

/// <summary>
/// The per-class speak thresholds the composer ships (Description/SpeakThresholds.json) are the catalog calibration's
/// own output: the test runs the calibration through the real CenterNet and BlazeFace and compares. To recalibrate
/// (after a catalog, model or rule change): <c>EDGE_CALIBRATE_WRITE=1 EDGE_HOME=$PWD dotnet test tests/EdgeRuntime.Cascade.Tests
/// -c Release --no-build --filter CatalogCalibrationTests</c>, which rewrites the file and docs/cascade-eval/calibration.md.
/// </summary>
public sealed class CatalogCalibrationTests(ModelsFixture fixture, ITestOutputHelper output) : IClassFixture<ModelsFixture>
{
    private static readonly string s_shipped = Repo.Path("src", "EdgeRuntime.Cascade", "Description", "SpeakThresholds.json");

    [Fact]
    public void The_shipped_thresholds_are_the_calibration_of_the_catalog_and_raise_claim_precision()
    {
        var views = CatalogCalibration.Views(fixture.Loaded);
        var calibrated = SpeakThresholds.Calibrate(CatalogCalibration.Judged(views), SpeakThresholds.Default.Rule);
        var report = CatalogCalibration.Report(views, calibrated);
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("EDGE_CALIBRATE_WRITE") == "1")
        {
            File.WriteAllText(s_shipped, calibrated.ToJson() + "\n");
            File.WriteAllText(Repo.Path("docs", "cascade-eval", "calibration.md"), "# Catalog calibration of the speak thresholds\n\n"
                + "Written by `EDGE_CALIBRATE_WRITE=1 EDGE_HOME=$PWD dotnet test tests/EdgeRuntime.Cascade.Tests -c Release --no-build --filter CatalogCalibrationTests`"
                + " (see docs/cascade.md, \"What is said\").\n\n" + report);
        }
        Assert.Equal(calibrated.ToJson().Trim(), File.ReadAllText(s_shipped).Trim());

        var before = CatalogCalibration.Score(views, null);
        var after = CatalogCalibration.Score(views, calibrated);
        Assert.True(after.Precision > before.Precision, $"precision {before.Precision:0.000} before, {after.Precision:0.000} with the thresholds");
    }
}
