using EdgeRuntime.Core.Time;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeRuntime.Core.Tests.Time;

public class ClockMapperTests
{
    private const double Rate = 16000;
    private const int Block = 256;

    // A 16 kHz sample counter whose crystal is off by `driftPpm`, stamped with uniform jitter of ±jitterMs.
    private static (ClockMapper Mapper, Func<long, long> Truth, List<long> Errors) Drive(double driftPpm, double jitterMs, int seed, double seconds,
        double outlierRate = 0, double offsetSeconds = 3)
    {
        var random = new Random(seed);
        var mapper = new ClockMapper(new ClockMapperOptions { NanosecondsPerTick = 1e9 / Rate });
        var period = 1e9 / Rate * (1 + driftPpm * 1e-6);
        var offset = (long)(offsetSeconds * 1e9);
        long Truth(long n) => offset + (long)Math.Round(n * period);
        var errors = new List<long>();
        for (long n = 0; n < seconds * Rate; n += Block)
        {
            var jitter = (long)((random.NextDouble() * 2 - 1) * jitterMs * 1e6);
            if (random.NextDouble() < outlierRate)
            {
                jitter += 200_000_000;
            }
            mapper.Observe(n, new Timestamp(Truth(n) + jitter));
            if (n > Rate)
            {
                // The error that matters: where the block just stored is put on the monotonic clock.
                errors.Add(mapper.Map(n + Block).Nanoseconds - Truth(n + Block));
            }
        }
        return (mapper, Truth, errors);
    }

    private static long P99(List<long> errors) => errors.Select(Math.Abs).Order().ElementAt((int)(errors.Count * 0.99));

    [Fact]
    public void A_jitter_free_clock_maps_exactly_and_finds_its_drift()
    {
        var (mapper, truth, errors) = Drive(driftPpm: 150, jitterMs: 0, seed: 1, seconds: 10);
        Assert.InRange(mapper.DriftPpm, 149, 151);
        Assert.True(P99(errors) < 2_000, $"p99 {P99(errors)} ns");
        Assert.InRange(mapper.Map(1_000_000).Nanoseconds - truth(1_000_000), -5_000, 5_000);
    }

    [Fact]
    public void Drift_of_200_ppm_under_10_ms_of_jitter_maps_within_5_ms_at_the_99th_percentile()
    {
        foreach (var drift in new[] { -200.0, 200.0 })
        {
            var (mapper, _, errors) = Drive(drift, jitterMs: 10, seed: 7, seconds: 30);
            Assert.True(P99(errors) <= 5_000_000, $"drift {drift}: p99 {P99(errors) / 1e6:F2} ms");
            // 1024 blocks of 16 ms span 16 s: the slope of ±10 ms jitter over that is known to about ±40 ppm (1 sigma).
            Assert.InRange(mapper.DriftPpm, drift - 120, drift + 120);
        }
    }

    [Fact]
    public void Late_outliers_are_rejected_and_do_not_move_the_mapping()
    {
        var (mapper, _, errors) = Drive(driftPpm: 100, jitterMs: 2, seed: 3, seconds: 20, outlierRate: 0.03);
        Assert.True(mapper.Outliers > 0, "outliers were injected and must be noticed");
        Assert.Equal(0, mapper.Relocks);
        Assert.True(P99(errors) <= 2_000_000, $"p99 {P99(errors) / 1e6:F2} ms");
    }

    [Fact]
    public void A_jump_of_the_device_clock_makes_the_mapper_relock_on_the_new_timeline()
    {
        var mapper = new ClockMapper(new ClockMapperOptions { NanosecondsPerTick = 1e9 / Rate });
        for (long n = 0; n < 5 * Rate; n += Block)
        {
            mapper.Observe(n, new Timestamp(1_000_000_000 + (long)(n * 1e9 / Rate)));
        }
        // The device restarted: the same sample counts now arrive 7 s later.
        for (long n = 0; n < 5 * Rate; n += Block)
        {
            mapper.Observe(n, new Timestamp(8_000_000_000 + (long)(n * 1e9 / Rate)));
        }
        Assert.Equal(1, mapper.Relocks);
        Assert.InRange(mapper.Map(16000).Nanoseconds, 8_999_000_000, 9_001_000_000);
    }

    [Fact]
    public void Mapping_before_any_observation_is_an_error()
    {
        var mapper = new ClockMapper();
        Assert.False(mapper.HasObservations);
        Assert.Throws<InvalidOperationException>(() => mapper.Map(0));
    }

    [Fact]
    public void Observing_and_mapping_allocate_nothing()
    {
        var mapper = new ClockMapper(new ClockMapperOptions { NanosecondsPerTick = 62_500 });
        for (long n = 0; n < 4096; n++)
        {
            mapper.Observe(n * 256, new Timestamp(n * 16_000_000));
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (long n = 4096; n < 8192; n++)
        {
            mapper.Observe(n * 256, new Timestamp(n * 16_000_000 + (n % 7) * 1_000_000));
            sum += mapper.Map(n * 256).Nanoseconds;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    [Fact]
    public void Any_drift_within_200_ppm_and_jitter_within_10_ms_maps_within_5_ms()
    {
        var cases =
            from drift in Gen.Choose(-200, 200)
            from jitter in Gen.Choose(0, 10)
            from seed in Gen.Choose(0, 1_000_000)
            select (drift, jitter, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (_, _, errors) = Drive(c.drift, c.jitter, c.seed, seconds: 15, outlierRate: 0.01);
            return P99(errors) <= 5_000_000;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }
}
