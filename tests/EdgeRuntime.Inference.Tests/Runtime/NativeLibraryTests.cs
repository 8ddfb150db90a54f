using EdgeRuntime.Inference.Runtime;

namespace EdgeRuntime.Inference.Tests.Runtime;

public sealed class NativeLibraryTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    [Fact]
    public void The_library_is_the_packages_own_build_for_this_rid_at_version_1_32()
    {
        _ = fixture.Runtime;
        Assert.Matches(@"^1\.32\.\d+$", OrtRuntime.Version);
        // No Onnx:LibraryPath and no ORT_LIBRARY_PATH in the test run: the resolver took the file the package ships.
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "runtimes", EdgeRuntime.Core.Hosting.EdgeHome.NativeRid, "native", OrtNativeLibrary.FileName),
            OrtRuntime.LoadedFrom);
        Assert.Contains("CPUExecutionProvider", fixture.Runtime.AvailableProviders);
    }

    [Fact]
    public void Probing_reports_cpu_usable_and_each_configurable_provider_with_onnx_runtimes_reason()
    {
        var probe = fixture.Runtime.ProbeExecutionProviders();
        Assert.True(Assert.Single(probe, p => p.Name == "CPU").Usable);
        foreach (var name in ExecutionProviderCatalog.KnownNames.Where(n => n != "CPU"))
        {
            var p = Assert.Single(probe, p => p.Name == name);
            Assert.True(p.Usable || p.Detail.Length > 0, $"{name} is neither usable nor said why");
        }
        var cuda = Assert.Single(probe, p => p.Name == "CUDA");
        Assert.False(cuda.Usable);
        Assert.False(cuda.InBuild);
        Assert.Equal("CUDA execution provider is not enabled in this build.", cuda.Detail);
    }
}
