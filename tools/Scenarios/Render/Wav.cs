using System.Buffers.Binary;

namespace EdgeRuntime.Tools.Scenarios.Render;

/// <summary>Minimal 16-bit PCM mono WAV reading and writing (the formats sox is told to produce).</summary>
internal static class Wav
{
    public static float[] ReadMono16(string path, int expectedRate)
    {
        var bytes = File.ReadAllBytes(path);
        var pos = 12;
        int rate = 0, channels = 0, bits = 0;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            var body = pos + 8;
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
            }
            else if (id == "data")
            {
                if (rate != expectedRate || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"{path}: {rate} Hz, {channels} ch, {bits} bit; expected {expectedRate} Hz mono 16 bit");
                }
                size = Math.Min(size, bytes.Length - body);
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2 * i)) / 32768f;
                }
                return samples;
            }
            pos = body + size + (size & 1);
        }
        throw new InvalidDataException(path + ": no data chunk");
    }

    public static void WriteMono16(string path, ReadOnlySpan<float> samples, int rate)
    {
        var data = samples.Length * 2;
        var bytes = new byte[44 + data];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + data);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 16);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data);
        for (var i = 0; i < samples.Length; i++)
        {
            var v = Math.Clamp(samples[i], -1f, 32767f / 32768f);
            BinaryPrimitives.WriteInt16LittleEndian(s[(44 + 2 * i)..], (short)MathF.Round(v * 32768f));
        }
        File.WriteAllBytes(path, bytes);
    }
}
