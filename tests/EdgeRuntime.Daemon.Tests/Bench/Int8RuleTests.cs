using EdgeRuntime.Daemon.Bench;

namespace EdgeRuntime.Daemon.Tests.Bench;

/// <summary>The choice as a function of given figures: INT8 only when faster by the margin and at its agreement target.</summary>
public sealed class Int8RuleTests
{
    [Theory]
    // float ms, int8 ms, agreement, target -> precision
    [InlineData(100.0, 50.0, 0.99, 0.95, "int8")]      // 2x and agrees
    [InlineData(100.0, 86.0, 0.99, 0.95, "int8")]      // 1.163x: just over the 1.15 margin
    [InlineData(100.0, 88.0, 0.99, 0.95, "float32")]   // 1.136x: faster, but not by the margin
    [InlineData(100.0, 120.0, 1.0, 0.95, "float32")]   // slower
    [InlineData(100.0, 40.0, 0.94, 0.95, "float32")]   // 2.5x but under its target
    [InlineData(100.0, 40.0, 0.95, 0.95, "int8")]      // the target itself is met
    [InlineData(0.2, 0.1, 0.979, 0.97, "int8")]        // silero-vad-like figures
    public void Int8_only_when_faster_by_the_margin_and_at_its_target(double floatMs, double int8Ms, double agreement, double target, string expected)
    {
        var choice = Int8Rule.Decide(floatMs, int8Ms, agreement, target);
        Assert.Equal(expected, choice.Precision);
        Assert.False(string.IsNullOrWhiteSpace(choice.Reason));
    }

    [Fact]
    public void The_reason_names_what_decided()
    {
        Assert.Contains("below the target 0.95", Int8Rule.Decide(100, 40, 0.86, 0.95).Reason, StringComparison.Ordinal);
        Assert.Contains("under the 1.15x margin", Int8Rule.Decide(100, 95, 0.99, 0.95).Reason, StringComparison.Ordinal);
        Assert.Contains("2.00x the float speed", Int8Rule.Decide(100, 50, 0.99, 0.95).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_margin_asks_more_of_int8()
    {
        Assert.Equal("int8", Int8Rule.Decide(100, 70, 0.99, 0.95, minSpeedup: 1.4).Precision);
        Assert.Equal("float32", Int8Rule.Decide(100, 75, 0.99, 0.95, minSpeedup: 1.4).Precision);
    }
}
