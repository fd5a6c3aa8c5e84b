using System.Diagnostics.CodeAnalysis;

namespace AutoDiff.Serialization;

/// <summary>Header spellings and element sizes of <see cref="SafeTensorDType"/> values.</summary>
public static class SafeTensorDTypes
{
    /// <summary>The size in bytes of one element of <paramref name="dtype"/>.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeInBytes(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.Bool or SafeTensorDType.U8 or SafeTensorDType.I8
            or SafeTensorDType.F8E5M2 or SafeTensorDType.F8E4M3 or SafeTensorDType.F8E8M0 => 1,
        SafeTensorDType.I16 or SafeTensorDType.U16 or SafeTensorDType.F16 or SafeTensorDType.BF16 => 2,
        SafeTensorDType.I32 or SafeTensorDType.U32 or SafeTensorDType.F32 => 4,
        SafeTensorDType.C64 or SafeTensorDType.F64 or SafeTensorDType.I64 or SafeTensorDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>The spelling of <paramref name="dtype"/> in a safetensors header, e.g. <c>"F32"</c>.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>The header string.</returns>
    public static string ToHeaderString(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.Bool => "BOOL",
        SafeTensorDType.U8 => "U8",
        SafeTensorDType.I8 => "I8",
        SafeTensorDType.F8E5M2 => "F8_E5M2",
        SafeTensorDType.F8E4M3 => "F8_E4M3",
        SafeTensorDType.F8E8M0 => "F8_E8M0",
        SafeTensorDType.I16 => "I16",
        SafeTensorDType.U16 => "U16",
        SafeTensorDType.F16 => "F16",
        SafeTensorDType.BF16 => "BF16",
        SafeTensorDType.I32 => "I32",
        SafeTensorDType.U32 => "U32",
        SafeTensorDType.F32 => "F32",
        SafeTensorDType.C64 => "C64",
        SafeTensorDType.F64 => "F64",
        SafeTensorDType.I64 => "I64",
        SafeTensorDType.U64 => "U64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>Parses a header dtype string (case-sensitive, as the format requires).</summary>
    /// <param name="text">The header string, e.g. <c>"F32"</c>.</param>
    /// <param name="dtype">The element type, when the string is known.</param>
    /// <returns><see langword="true"/> if <paramref name="text"/> names a known dtype.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SafeTensorDType? dtype)
    {
        dtype = text switch
        {
            "BOOL" => SafeTensorDType.Bool,
            "U8" => SafeTensorDType.U8,
            "I8" => SafeTensorDType.I8,
            "F8_E5M2" => SafeTensorDType.F8E5M2,
            "F8_E4M3" => SafeTensorDType.F8E4M3,
            "F8_E8M0" => SafeTensorDType.F8E8M0,
            "I16" => SafeTensorDType.I16,
            "U16" => SafeTensorDType.U16,
            "F16" => SafeTensorDType.F16,
            "BF16" => SafeTensorDType.BF16,
            "I32" => SafeTensorDType.I32,
            "U32" => SafeTensorDType.U32,
            "F32" => SafeTensorDType.F32,
            "C64" => SafeTensorDType.C64,
            "F64" => SafeTensorDType.F64,
            "I64" => SafeTensorDType.I64,
            "U64" => SafeTensorDType.U64,
            _ => null,
        };
        return dtype is not null;
    }
}
