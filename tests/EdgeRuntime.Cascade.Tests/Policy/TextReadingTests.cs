using EdgeRuntime.Cascade.Engine;
using EdgeRuntime.Cascade.Policy;
using EdgeRuntime.Core.Configuration;
using EdgeRuntime.Core.Time;
using Microsoft.Extensions.Configuration;

namespace EdgeRuntime.Cascade.Tests.Policy;

/// <summary>When tier 2 reads text, on passes in sensor time.</summary>
public sealed class TextReadingTests
{
    private static Timestamp At(double seconds) => Timestamp.FromSeconds(100 + seconds);

    [Fact]
    public void By_default_every_pass_reads_whatever_it_runs_for()
    {
        var reading = new TextReading(new CascadeOptions().TextRecheck);
        Assert.Equal(TimeSpan.Zero, new CascadeOptions().TextRecheck);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(reading.Decide(At(i * 0.1), EscalationReason.Uncertain, textUnsettled: false), $"pass {i}");
        }
    }

    [Fact]
    public void With_a_recheck_interval_a_pass_settling_an_object_skips_reading_until_it_has_passed_since_the_last_reading()
    {
        var reading = new TextReading(TimeSpan.FromSeconds(1));
        Assert.True(reading.Decide(At(0), EscalationReason.Uncertain, false)); // nothing read yet
        Assert.False(reading.Decide(At(0.4), EscalationReason.Uncertain, false));
        Assert.False(reading.Decide(At(0.8), EscalationReason.Disagreement, false));
        Assert.True(reading.Decide(At(1.0), EscalationReason.Uncertain, false));
        Assert.False(reading.Decide(At(1.5), EscalationReason.Uncertain, false)); // counted from the reading at 1.0, not from 0
        Assert.True(reading.Decide(At(2.0), EscalationReason.Uncertain, false));
    }

    [Theory]
    [InlineData(EscalationReason.Startup)]
    [InlineData(EscalationReason.SceneChange)]
    [InlineData(EscalationReason.UserRequest)]
    [InlineData(EscalationReason.Periodic)]
    [InlineData(EscalationReason.AlwaysFull)]
    [InlineData(EscalationReason.Uncertain | EscalationReason.SceneChange)]
    public void A_new_view_is_always_read(EscalationReason reason)
    {
        var reading = new TextReading(TimeSpan.FromMinutes(1));
        Assert.True(reading.Decide(At(0), EscalationReason.Uncertain, false));
        Assert.False(reading.Decide(At(0.5), EscalationReason.Uncertain, false));
        Assert.True(reading.Decide(At(0.6), reason, false));
    }

    [Fact]
    public void Unsettled_text_is_read_on_every_pass_until_it_settles()
    {
        var reading = new TextReading(TimeSpan.FromMinutes(1));
        Assert.True(reading.Decide(At(0), EscalationReason.SceneChange, false));
        Assert.True(reading.Decide(At(0.4), EscalationReason.Uncertain, textUnsettled: true));
        Assert.True(reading.Decide(At(0.8), EscalationReason.Uncertain, textUnsettled: true));
        Assert.False(reading.Decide(At(1.2), EscalationReason.Uncertain, textUnsettled: false));
    }

    [Fact]
    public void The_setting_is_read_from_the_cascade_section_and_a_bad_value_names_it()
    {
        static (CascadeOptions Options, ConfigReader Reader) Read(string value)
        {
            var reader = new ConfigReader(new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>("Cascade:TextRecheck", value)]).Build());
            return (CascadeOptions.Read(reader.Section("Cascade")), reader);
        }
        var (options, good) = Read("750ms");
        good.ThrowIfInvalid();
        Assert.Equal(TimeSpan.FromMilliseconds(750), options.TextRecheck);
        var (_, bad) = Read("soon");
        var e = Assert.Throws<ConfigurationValidationException>(bad.ThrowIfInvalid);
        Assert.Equal("Cascade:TextRecheck", Assert.Single(e.Errors).Key);
    }
}
