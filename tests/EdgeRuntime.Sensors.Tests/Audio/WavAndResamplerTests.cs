using System.Globalization;
using EdgeRuntime.Sensors.Audio;

namespace EdgeRuntime.Sensors.Tests.Audio;

public sealed class WavAndResamplerTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();

    private static float[] ReadAll(string file)
    {
        using var wav = new WavReader(file);
        var all = new float[wav.TotalFrames];
        var at = 0;
        int n;
        while ((n = wav.Read(all.AsSpan(at))) > 0)
        {
            at += n;
        }
        Assert.Equal(wav.TotalFrames, at);
        return all;
    }

    private static float[] Resample(float[] input, int from, int to, int chunk = 1000)
    {
        var resampler = new Resampler(from, to, chunk);
        var output = new List<float>();
        var buffer = new float[resampler.MaxOutput(chunk)];
        for (var i = 0; i < input.Length; i += chunk)
        {
            var n = resampler.Process(input.AsSpan(i, Math.Min(chunk, input.Length - i)), buffer);
            output.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        var tail = resampler.Flush(buffer);
        output.AddRange(buffer.AsSpan(0, tail).ToArray());
        return [.. output];
    }

    private static int ZeroCrossings(ReadOnlySpan<float> x)
    {
        var n = 0;
        for (var i = 1; i < x.Length; i++)
        {
            n += (x[i - 1] < 0) != (x[i] < 0) ? 1 : 0;
        }
        return n;
    }

    [Theory]
    [InlineData(16000, 1, 16, "signed-integer")]
    [InlineData(22050, 2, 16, "signed-integer")]
    [InlineData(48000, 2, 24, "signed-integer")]
    [InlineData(44100, 1, 32, "floating-point")]
    [InlineData(8000, 1, 8, "unsigned-integer")]
    public void A_wave_file_reads_as_mono_with_the_length_and_loudness_sox_measures(int rate, int channels, int bits, string encoding)
    {
        var file = AudioFiles.Tone(_dir, $"tone-{rate}-{channels}-{bits}.wav", rate, channels, bits, 440, 1.0, encoding: encoding);
        using (var wav = new WavReader(file))
        {
            Assert.Equal((rate, channels, bits), (wav.SampleRate, wav.Channels, wav.BitsPerSample));
        }
        var samples = ReadAll(file);
        var (rms, seconds) = AudioFiles.SoxStat(file);
        Assert.Equal(seconds, samples.Length / (double)rate, 3);
        Assert.Equal(rms, AudioFiles.Rms(samples), 2);
    }

    [Fact]
    public void A_file_that_is_not_wave_is_refused_with_its_name()
    {
        var file = _dir.File("noise.txt");
        File.WriteAllText(file, "definitely not RIFF");
        var e = Assert.Throws<InvalidDataException>(() => new WavReader(file));
        Assert.Contains("noise.txt", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(22050, 16000)]
    [InlineData(16000, 48000)]
    [InlineData(48000, 16000)]
    public void Resampling_keeps_a_tone_s_pitch_loudness_and_length(int from, int to)
    {
        var input = ReadAll(AudioFiles.Tone(_dir, $"t{from}.wav", from, 1, 32, 1000, 2.0, encoding: "floating-point"));
        var output = Resample(input, from, to);
        Assert.InRange(output.Length, 2 * to - 2, 2 * to + 2);
        var steady = output.AsSpan(to / 10, to); // one second away from the edges
        Assert.InRange(ZeroCrossings(steady), 1998, 2002); // 1 kHz: 2000 crossings a second
        Assert.Equal(AudioFiles.Rms(input.AsSpan(from / 10, from)), AudioFiles.Rms(steady), 2);
    }

    [Fact]
    public void Down_sampling_removes_tones_above_the_new_Nyquist_instead_of_aliasing_them()
    {
        var input = ReadAll(AudioFiles.Tone(_dir, "high.wav", 44100, 1, 32, 10_000, 1.0, encoding: "floating-point"));
        var output = Resample(input, 44100, 16000);
        // A 10 kHz tone would alias to 6 kHz at 16 kHz; the low-pass must have removed it (-35 dB or better).
        Assert.True(AudioFiles.Rms(output.AsSpan(1600, 12800)) < 0.35 * 0.02, $"rms {AudioFiles.Rms(output.AsSpan(1600, 12800))}");
    }

    [Fact]
    public void Resampling_allocates_nothing_per_block()
    {
        var resampler = new Resampler(48000, 16000, 480);
        var input = new float[480];
        var output = new float[resampler.MaxOutput(480)];
        for (var i = 0; i < 100; i++)
        {
            resampler.Process(input, output);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        for (var i = 0; i < 1000; i++)
        {
            input[i % 480] = 0.5f;
            total += resampler.Process(input, output);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(total, 159_990, 160_000);
    }

    [Fact]
    public void A_file_shorter_than_its_data_chunk_says_is_reported_as_truncated_and_reads_what_is_there()
    {
        var file = AudioFiles.Tone(_dir, "cut.wav", 16000, 1, 16, 440, 1.0);
        var whole = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(whole - 8000);
        }
        using var wav = new WavReader(file);
        Assert.Equal(8000, wav.MissingBytes);
        Assert.Equal(16000 - 4000, wav.TotalFrames);
        Assert.Equal(wav.TotalFrames, ReadAll(file).Length);
    }

    [Fact]
    public void A_file_cut_while_it_is_read_fails_the_read_naming_the_file()
    {
        var file = AudioFiles.Tone(_dir, "cut-later.wav", 16000, 1, 16, 440, 1.0);
        using var wav = new WavReader(file);
        Assert.Equal(0, wav.MissingBytes);
        var half = (new FileInfo(file).Length / 2).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, ProcessRunner.Run("truncate", ["-s", half, file], TimeSpan.FromSeconds(10)).ExitCode);
        var buffer = new float[wav.MaxFramesPerRead];
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            while (wav.Read(buffer) > 0)
            {
            }
        });
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
