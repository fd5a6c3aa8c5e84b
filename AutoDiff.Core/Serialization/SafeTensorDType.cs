namespace AutoDiff.Serialization;

/// <summary>
/// The element types of the safetensors format. The header spells them as in
/// <see cref="SafeTensorDTypes.ToHeaderString"/> (<c>"F32"</c>, <c>"BF16"</c>, <c>"F8_E4M3"</c>, …).
/// </summary>
/// <remarks>
/// AutoDiff computes in <see cref="F32"/> and <see cref="F64"/>; the other types are read and written as raw
/// bytes only, so files holding them still load and round-trip.
/// </remarks>
public enum SafeTensorDType
{
    /// <summary>Boolean, one byte per element (<c>"BOOL"</c>).</summary>
    Bool,

    /// <summary>Unsigned 8-bit integer (<c>"U8"</c>).</summary>
    U8,

    /// <summary>Signed 8-bit integer (<c>"I8"</c>).</summary>
    I8,

    /// <summary>8-bit float with 5 exponent and 2 mantissa bits (<c>"F8_E5M2"</c>).</summary>
    F8E5M2,

    /// <summary>8-bit float with 4 exponent and 3 mantissa bits (<c>"F8_E4M3"</c>).</summary>
    F8E4M3,

    /// <summary>8-bit exponent-only scale type (<c>"F8_E8M0"</c>).</summary>
    F8E8M0,

    /// <summary>Signed 16-bit integer (<c>"I16"</c>).</summary>
    I16,

    /// <summary>Unsigned 16-bit integer (<c>"U16"</c>).</summary>
    U16,

    /// <summary>IEEE 754 half-precision float (<c>"F16"</c>).</summary>
    F16,

    /// <summary>bfloat16: float32 with the low 16 mantissa bits dropped (<c>"BF16"</c>).</summary>
    BF16,

    /// <summary>Signed 32-bit integer (<c>"I32"</c>).</summary>
    I32,

    /// <summary>Unsigned 32-bit integer (<c>"U32"</c>).</summary>
    U32,

    /// <summary>IEEE 754 single-precision float (<c>"F32"</c>).</summary>
    F32,

    /// <summary>Complex number of two float32 values (<c>"C64"</c>).</summary>
    C64,

    /// <summary>IEEE 754 double-precision float (<c>"F64"</c>).</summary>
    F64,

    /// <summary>Signed 64-bit integer (<c>"I64"</c>).</summary>
    I64,

    /// <summary>Unsigned 64-bit integer (<c>"U64"</c>).</summary>
    U64,
}
