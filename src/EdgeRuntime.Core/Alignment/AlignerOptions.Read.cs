using EdgeRuntime.Core.Configuration;

namespace EdgeRuntime.Core.Alignment;

public sealed partial record AlignerOptions
{
    /// <summary>Reads section <c>Alignment</c> (<c>Before</c>, <c>After</c>, <c>LatencyBudget</c>); errors are recorded on the reader.</summary>
    public static AlignerOptions Read(ConfigSection section)
    {
        var options = new AlignerOptions
        {
            Before = section.GetDuration("Before", TimeSpan.FromMilliseconds(100), TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            After = section.GetDuration("After", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            LatencyBudget = section.GetDuration("LatencyBudget", TimeSpan.FromMilliseconds(150), TimeSpan.Zero, TimeSpan.FromSeconds(10)),
        };
        if (options.Before + options.After <= TimeSpan.Zero)
        {
            section.Error("Before", "0", "Before + After must be longer than zero");
        }
        return options;
    }
}
