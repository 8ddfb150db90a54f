using System.Globalization;

namespace EdgeRuntime.Daemon.Bench;

/// <summary>Which file of a model a board loads, and why.</summary>
/// <param name="Precision">float32 or int8.</param>
/// <param name="Reason">The figures that decided it, in words.</param>
internal sealed record Int8Choice(string Precision, string Reason);

/// <summary>
/// The rule <c>edge models bench</c> applies per model: the INT8 file only when it is at least
/// <see cref="DefaultMinSpeedup"/> times faster than the float file (median latency on this board) <b>and</b> agrees with
/// the float model on the held-out inputs at least as well as the model's target (the manifest's <c>figures.target</c>,
/// the same metric tools/ModelPrep judges by). Otherwise the float file: INT8 that is not clearly faster buys nothing
/// but disagreement, and INT8 that disagrees is not worth any speed.
/// </summary>
internal static class Int8Rule
{
    /// <summary>The speed-up INT8 must reach: 15%, above the run-to-run spread of a median on a busy board.</summary>
    public const double DefaultMinSpeedup = 1.15;

    /// <summary>Decides from measured figures (a pure function: no timing happens here).</summary>
    public static Int8Choice Decide(double floatMedianMs, double int8MedianMs, double agreement, double target, double minSpeedup = DefaultMinSpeedup)
    {
        var c = CultureInfo.InvariantCulture;
        var speedup = int8MedianMs > 0 ? floatMedianMs / int8MedianMs : 0;
        var speed = string.Create(c, $"{speedup:F2}x");
        if (agreement < target)
        {
            return new Int8Choice("float32", string.Create(c, $"int8 agreement {agreement:F3} is below the target {target:F2} (int8 {speed} the float speed)"));
        }
        if (speedup < minSpeedup)
        {
            return new Int8Choice("float32", string.Create(c, $"int8 is {speed} the float speed, under the {minSpeedup:F2}x margin (agreement {agreement:F3} meets {target:F2})"));
        }
        return new Int8Choice("int8", string.Create(c, $"int8 is {speed} the float speed and its agreement {agreement:F3} meets {target:F2}"));
    }
}
