using System.Buffers.Binary;
using System.Numerics;

namespace EdgeRuntime.Output.Outbox;

/// <summary>CRC-32C (Castagnoli) over a span, with the CPU's CRC instructions where the runtime has them.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return ~crc;
    }
}
