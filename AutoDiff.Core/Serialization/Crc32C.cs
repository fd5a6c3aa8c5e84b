using System.Buffers.Binary;
using System.Numerics;

namespace AutoDiff.Serialization;

/// <summary>
/// CRC-32C (Castagnoli, as in iSCSI and ext4): the checksum stored per tensor in a checkpoint's header. The BCL
/// computes it with the CPU's crc32 instruction where there is one (SSE4.2, ARMv8), a table otherwise.
/// </summary>
internal static class Crc32C
{
    /// <summary>The standard CRC-32C of <paramref name="data"/> (initial value and final XOR all ones).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
