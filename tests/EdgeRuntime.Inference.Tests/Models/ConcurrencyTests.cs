using EdgeRuntime.Inference.Encoders.Audio;
using EdgeRuntime.Inference.Models;

namespace EdgeRuntime.Inference.Tests.Models;

/// <summary>Runs on separate sessions (and separate runners of one session) in parallel give exactly the sequential results.</summary>
public sealed class ConcurrencyTests(OrtFixture fixture) : IClassFixture<OrtFixture>
{
    private const int Workers = 4;

    [Fact]
    public void Concurrent_vad_runs_on_separate_sessions_match_sequential_runs()
    {
        var audio = VadAudio.SpeechBetweenSilences("Concurrent sessions must agree with each other.", 0.5).Samples;
        float[] expected;
        using (var model = fixture.Runtime.Load(TestModels.SileroVad))
        using (var vad = new SileroVadEncoder(model))
        {
            expected = vad.ProcessAll(audio);
        }

        var models = Enumerable.Range(0, Workers).Select(_ => fixture.Runtime.Load(TestModels.SileroVad)).ToArray();
        try
        {
            var results = RunTogether(Workers, i =>
            {
                using var vad = new SileroVadEncoder(models[i]);
                return vad.ProcessAll(audio);
            });
            foreach (var r in results)
            {
                Assert.Equal(expected, r);
            }
        }
        finally
        {
            foreach (var m in models)
            {
                m.Dispose();
            }
        }
    }

    [Fact]
    public void Concurrent_runners_of_one_session_match_sequential_runs()
    {
        using var model = fixture.Runtime.Load(TestModels.SileroVad);
        var inputs = Enumerable.Range(0, Workers).Select(i => VadAudio.SpeechBetweenSilences(i % 2 == 0 ? "one session" : "many runners", 0.3).Samples).ToArray();
        var expected = inputs.Select(a =>
        {
            // Sequential reference, one runner at a time on this thread; then the same inputs on runners running together.
            using var vad = new SileroVadEncoder(model);
            return vad.ProcessAll(a);
        }).ToArray();

        var results = RunTogether(Workers, i =>
        {
            using var vad = new SileroVadEncoder(model);
            return vad.ProcessAll(inputs[i]);
        });
        for (var i = 0; i < Workers; i++)
        {
            Assert.Equal(expected[i], results[i]);
        }
    }

    /// <summary>Starts every worker on its own thread behind a barrier so their runs overlap, and collects the results.</summary>
    private static T[] RunTogether<T>(int count, Func<int, T> work)
    {
        var results = new T[count];
        var errors = new Exception?[count];
        using var barrier = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                barrier.SignalAndWait();
                results[i] = work(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }
        foreach (var t in threads)
        {
            Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a worker did not finish");
        }
        Assert.All(errors, e => Assert.Null(e));
        return results;
    }
}
