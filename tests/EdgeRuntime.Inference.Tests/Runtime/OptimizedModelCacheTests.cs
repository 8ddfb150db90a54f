using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace EdgeRuntime.Inference.Tests.Runtime;

public sealed class OptimizedModelCacheTests
{
    [Fact]
    public void The_optimized_model_is_written_once_reused_on_the_next_load_and_rebuilt_when_damaged()
    {
        using var dir = Repo.TempDir();
        var logs = new RecordingLoggerFactory();
        var runtime = new OrtRuntime(new OnnxOptions { IntraOpThreads = 1, OptimizedModelCacheDir = dir.Path }, logs);
        var audio = VadAudio.SpeechBetweenSilences("cache me", 0.2).Samples;

        float[] first;
        using (var model = runtime.Load(TestModels.SileroVad))
        using (var vad = new SileroVadEncoder(model))
        {
            first = vad.ProcessAll(audio);
        }
        var cached = Assert.Single(Directory.GetFiles(dir.Path));
        Assert.StartsWith("silero_vad_v5-", Path.GetFileName(cached), StringComparison.Ordinal);
        Assert.True(new FileInfo(cached).Length > 1000);

        using (var model = runtime.Load(TestModels.SileroVad))
        using (var vad = new SileroVadEncoder(model))
        {
            Assert.Equal(first, vad.ProcessAll(audio));
        }
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("using the optimized model cached", StringComparison.Ordinal));

        File.WriteAllBytes(cached, new byte[100]);
        using (var model = runtime.Load(TestModels.SileroVad))
        using (var vad = new SileroVadEncoder(model))
        {
            Assert.Equal(first, vad.ProcessAll(audio));
        }
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ignoring unusable optimized-model cache", StringComparison.Ordinal));
        Assert.True(new FileInfo(cached).Length > 1000, "the damaged cache file was not rewritten");
    }
}
