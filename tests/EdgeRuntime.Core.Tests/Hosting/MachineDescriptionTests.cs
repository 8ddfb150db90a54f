using System.Runtime.InteropServices;
using EdgeRuntime.Core.Hosting;

namespace EdgeRuntime.Core.Tests.Hosting;

public sealed class MachineDescriptionTests
{
    [Fact]
    public void The_cpu_is_named_by_its_model_and_core_count()
    {
        var cpu = MachineDescription.Cpu();
        Assert.EndsWith($", {Environment.ProcessorCount} cores", cpu, StringComparison.Ordinal);
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        Assert.StartsWith(model ?? RuntimeInformation.ProcessArchitecture.ToString(), cpu, StringComparison.Ordinal);
    }

    [Fact]
    public void A_test_host_is_jit_compiled_and_says_so_with_the_dotnet_version()
    {
        Assert.Equal("JIT", MachineDescription.Compilation); // the NativeAOT side: AotPublishTests runs the published `edge version`
        Assert.Equal($"JIT, {RuntimeInformation.FrameworkDescription}", MachineDescription.Runtime());
    }
}
