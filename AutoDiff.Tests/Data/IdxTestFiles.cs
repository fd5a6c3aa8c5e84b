using System.IO.Compression;

namespace AutoDiff.Tests.Data;

/// <summary>Builds IDX files byte by byte, as the format describes them.</summary>
internal static class IdxTestFiles
{
    /// <summary>Big-endian magic, big-endian 32-bit dimensions, then the data bytes.</summary>
    public static byte[] Build(uint magic, int[] dimensions, byte[] data)
    {
        var bytes = new List<byte>
        {
            (byte)(magic >> 24), (byte)(magic >> 16), (byte)(magic >> 8), (byte)magic,
        };
        foreach (int d in dimensions)
        {
            bytes.Add((byte)(d >> 24));
            bytes.Add((byte)(d >> 16));
            bytes.Add((byte)(d >> 8));
            bytes.Add((byte)d);
        }

        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    /// <summary>Images file, magic 0x00000803, count × rows × cols unsigned bytes.</summary>
    public static byte[] Images(int count, int rows, int cols, Func<int, byte> pixel)
    {
        var data = new byte[count * rows * cols];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = pixel(i);
        }

        return Build(0x00000803, [count, rows, cols], data);
    }

    /// <summary>Labels file, magic 0x00000801.</summary>
    public static byte[] Labels(params byte[] labels) => Build(0x00000801, [labels.Length], labels);
}
