namespace AutoDiff.Data;

/// <summary>
/// The contents of one IDX file: its element type, its dimensions and its raw data bytes.
/// </summary>
/// <remarks>
/// The data bytes are exactly as stored in the file (multi-byte elements stay big-endian), in row-major
/// order of <see cref="Dimensions"/>. For <see cref="IdxDataType.UnsignedByte"/> files, the usual case,
/// each byte is one element.
/// </remarks>
public sealed class IdxFile
{
    private readonly int[] _dimensions;

    /// <summary>Creates an IDX file description; the reader validates the arguments before calling it.</summary>
    internal IdxFile(IdxDataType dataType, int[] dimensions, byte[] data)
    {
        DataType = dataType;
        _dimensions = dimensions;
        Data = data;
    }

    /// <summary>The element type named by the magic number.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The size of each dimension, outermost first (e.g. <c>[60000, 28, 28]</c> for MNIST images).</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>The raw data bytes following the header, exactly as stored in the file.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements: the product of <see cref="Dimensions"/>.</summary>
    public int ElementCount => Data.Length / IdxReader.ElementSize(DataType);

    /// <summary>The magic number of the file: <c>0x0000</c>, the type code, then the number of dimensions.</summary>
    public int MagicNumber => ((int)DataType << 8) | _dimensions.Length;
}
