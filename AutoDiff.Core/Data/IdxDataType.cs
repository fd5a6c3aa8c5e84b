namespace AutoDiff.Data;

/// <summary>
/// The element type code stored in the third byte of an IDX file's magic number
/// (the format used by MNIST and Fashion-MNIST).
/// </summary>
public enum IdxDataType : byte
{
    /// <summary>Unsigned 8-bit integer (code <c>0x08</c>); MNIST images and labels use it.</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed 8-bit integer (code <c>0x09</c>).</summary>
    SignedByte = 0x09,

    /// <summary>Big-endian signed 16-bit integer (code <c>0x0B</c>).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian signed 32-bit integer (code <c>0x0C</c>).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE 754 single-precision float (code <c>0x0D</c>).</summary>
    Single = 0x0D,

    /// <summary>Big-endian IEEE 754 double-precision float (code <c>0x0E</c>).</summary>
    Double = 0x0E,
}
