using System.Text;

namespace AutoDiff.Tests.Serialization;

/// <summary>Builds safetensors files by hand, straight from the format description.</summary>
internal static class SafeTensorsTestFiles
{
    /// <summary>8-byte little-endian header length, the UTF-8 JSON header padded with spaces to <paramref name="padTo"/>, then the data.</summary>
    public static byte[] Build(string json, byte[] data, int padTo = 1)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        int padded = (header.Length + padTo - 1) / padTo * padTo;
        return BuildRaw((ulong)padded, [.. header, .. Enumerable.Repeat((byte)' ', padded - header.Length)], data);
    }

    /// <summary>An arbitrary length prefix, header bytes and data, for corrupt files.</summary>
    public static byte[] BuildRaw(ulong headerLength, byte[] header, byte[] data)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < 8; i++)
        {
            bytes.Add((byte)(headerLength >> (8 * i)));
        }

        bytes.AddRange(header);
        bytes.AddRange(data);
        return [.. bytes];
    }

    /// <summary><paramref name="count"/> zero bytes.</summary>
    public static byte[] Zeros(int count) => new byte[count];
}
