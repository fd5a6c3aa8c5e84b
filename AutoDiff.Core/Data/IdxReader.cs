using System.Buffers.Binary;
using System.IO.Compression;

namespace AutoDiff.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
/// </summary>
/// <remarks>
/// <para>
/// Layout: a big-endian 32-bit magic number <c>0x0000TTDD</c> (<c>TT</c> the element type code, <c>DD</c> the
/// number of dimensions), then <c>DD</c> big-endian 32-bit dimension sizes, then the data in row-major order.
/// Labels are <c>0x00000801</c> (unsigned bytes, one dimension), images <c>0x00000803</c> (unsigned bytes,
/// three dimensions).
/// </para>
/// <para>
/// Compression is detected from the content (the gzip magic bytes <c>1F 8B</c>), never from the file name.
/// Every inconsistency (bad magic, a header cut short, fewer or more data bytes than the dimensions promise)
/// throws <see cref="InvalidDataException"/> naming the file.
/// </para>
/// </remarks>
public static class IdxReader
{
    /// <summary>The largest number of dimensions accepted (the format allows 255; real files use 1 to 4).</summary>
    public const int MaxDimensions = 32;

    /// <summary>Reads the IDX file at <paramref name="path"/>, decompressing it if it is gzip data.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The element type, dimensions and raw data of the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file.</exception>
    public static IdxFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads an IDX file from <paramref name="stream"/>, decompressing it if it is gzip data.</summary>
    /// <param name="stream">The stream, positioned at the start of the file; it is read to its end, not closed.</param>
    /// <param name="sourceName">A name for the data (usually the file path), used in error messages.</param>
    /// <returns>The element type, dimensions and raw data of the file.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file.</exception>
    public static IdxFile Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        byte[] bytes = ReadAllBytes(stream);
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            bytes = Decompress(bytes, sourceName);
        }

        return Parse(bytes, sourceName);
    }

    /// <summary>Parses the bytes of an uncompressed IDX file.</summary>
    /// <param name="bytes">The whole uncompressed file.</param>
    /// <param name="sourceName">A name for the data, used in error messages.</param>
    /// <returns>The element type, dimensions and raw data of the file.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file.</exception>
    public static IdxFile Parse(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (bytes.Length < 4)
        {
            throw new InvalidDataException(
                $"IDX file '{sourceName}' is truncated: it has {bytes.Length} bytes, fewer than the 4-byte magic number.");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        byte typeCode = (byte)(magic >> 8);
        int dimensionCount = (int)(magic & 0xFF);
        if ((magic >> 16) != 0 || !IsKnownType(typeCode) || dimensionCount == 0 || dimensionCount > MaxDimensions)
        {
            throw new InvalidDataException(
                $"IDX file '{sourceName}' has bad magic number 0x{magic:X8}; expected 0x0000TTDD with type code TT " +
                $"one of 08, 09, 0B, 0C, 0D, 0E and 1 to {MaxDimensions} dimensions DD " +
                "(0x00000801 for labels, 0x00000803 for images). Is it an IDX file?");
        }

        var dataType = (IdxDataType)typeCode;
        int headerLength = 4 + (4 * dimensionCount);
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException(
                $"IDX file '{sourceName}' is truncated: its header needs {headerLength} bytes for {dimensionCount} " +
                $"dimensions but the file has only {bytes.Length} bytes.");
        }

        var dimensions = new int[dimensionCount];
        long expected = ElementSize(dataType);
        for (int i = 0; i < dimensionCount; i++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4 + (4 * i)));
            if (size > int.MaxValue)
            {
                throw new InvalidDataException(
                    $"IDX file '{sourceName}' has dimension {i} of size {size}, larger than {int.MaxValue}.");
            }

            dimensions[i] = (int)size;
            expected = expected * size;
            if (expected > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"IDX file '{sourceName}' declares dimensions whose data exceeds {Array.MaxLength} bytes.");
            }
        }

        long actual = bytes.Length - headerLength;
        if (actual != expected)
        {
            string what = actual < expected ? "truncated" : "longer than its header says";
            throw new InvalidDataException(
                $"IDX file '{sourceName}' is {what}: dimensions [{string.Join(", ", dimensions)}] of type " +
                $"{dataType} need {expected} data bytes but {actual} follow the {headerLength}-byte header.");
        }

        return new IdxFile(dataType, dimensions, bytes.Slice(headerLength).ToArray());
    }

    /// <summary>The size in bytes of one element of <paramref name="dataType"/>.</summary>
    /// <param name="dataType">The IDX element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int ElementSize(IdxDataType dataType) => dataType switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Single => 4,
        IdxDataType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown IDX data type."),
    };

    private static bool IsKnownType(byte code) =>
        code is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E;

    private static byte[] ReadAllBytes(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining <= Array.MaxLength)
            {
                var buffer = new byte[remaining];
                stream.ReadExactly(buffer);
                return buffer;
            }
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Decompress(byte[] compressed, string sourceName)
    {
        try
        {
            using var input = new MemoryStream(compressed, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(compressed.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new InvalidDataException(
                $"IDX file '{sourceName}' starts with the gzip magic bytes but is not valid gzip data: {ex.Message}", ex);
        }
    }
}
