using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace AutoDiff.Serialization;

/// <summary>
/// One named tensor of a safetensors file: its element type, its shape and its raw little-endian bytes.
/// </summary>
/// <remarks>
/// An entry is immutable and always consistent: the constructor checks that the byte count equals the
/// product of the shape times the element size (a scalar has the empty shape and one element).
/// </remarks>
public sealed class SafeTensorEntry
{
    private readonly long[] _shape;
    private readonly byte[] _data;

    /// <summary>Creates an entry from raw little-endian bytes, which are copied.</summary>
    /// <param name="name">The tensor name, non-empty; <c>"__metadata__"</c> is reserved.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions, each ≥ 0; empty for a scalar.</param>
    /// <param name="data">The elements, little-endian, row-major.</param>
    /// <exception cref="ArgumentException">The name is invalid, a dimension is negative, or the byte count is wrong.</exception>
    public SafeTensorEntry(string name, SafeTensorDType dtype, ReadOnlySpan<long> shape, ReadOnlySpan<byte> data)
        : this(name, dtype, shape.ToArray(), data.ToArray(), validate: true)
    {
    }

    private SafeTensorEntry(string name, SafeTensorDType dtype, long[] shape, byte[] data, bool validate)
    {
        if (validate)
        {
            ValidateName(name);
            long expected = ByteCountOf(name, dtype, shape);
            if (expected != data.Length)
            {
                throw new ArgumentException(
                    $"Tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype.ToHeaderString()} needs {expected} bytes, " +
                    $"but {data.Length} were given.",
                    nameof(data));
            }
        }

        Name = name;
        DType = dtype;
        _shape = shape;
        _data = data;
    }

    /// <summary>The tensor name.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The raw little-endian bytes.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => _data.Length / DType.SizeInBytes();

    /// <summary>The number of data bytes.</summary>
    public long ByteCount => _data.Length;

    /// <summary>Creates an <see cref="SafeTensorDType.F32"/> entry.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="values">The elements, row-major.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The entry, holding its own little-endian copy of the values.</returns>
    public static SafeTensorEntry FromFloats(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> shape)
    {
        ValidateName(name);
        CheckElementCount(name, values.Length, shape);
        var bytes = new byte[checked(values.Length * sizeof(float))];
        MemoryMarshal.AsBytes(values).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return new SafeTensorEntry(name, SafeTensorDType.F32, shape.ToArray(), bytes, validate: false);
    }

    /// <summary>Creates an <see cref="SafeTensorDType.F64"/> entry.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="values">The elements, row-major.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <returns>The entry, holding its own little-endian copy of the values.</returns>
    public static SafeTensorEntry FromDoubles(string name, ReadOnlySpan<double> values, params ReadOnlySpan<long> shape)
    {
        ValidateName(name);
        CheckElementCount(name, values.Length, shape);
        var bytes = new byte[checked(values.Length * sizeof(double))];
        MemoryMarshal.AsBytes(values).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            Span<long> words = MemoryMarshal.Cast<byte, long>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return new SafeTensorEntry(name, SafeTensorDType.F64, shape.ToArray(), bytes, validate: false);
    }

    /// <summary>The elements as floats.</summary>
    /// <returns>A new array of <see cref="ElementCount"/> values, row-major.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <see cref="SafeTensorDType.F32"/>.</exception>
    public float[] ToFloatArray()
    {
        RequireDType(SafeTensorDType.F32, nameof(ToDoubleArray));
        float[] values = MemoryMarshal.Cast<byte, float>(_data).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }

    /// <summary>The elements as doubles.</summary>
    /// <returns>A new array of <see cref="ElementCount"/> values, row-major.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <see cref="SafeTensorDType.F64"/>.</exception>
    public double[] ToDoubleArray()
    {
        RequireDType(SafeTensorDType.F64, nameof(ToFloatArray));
        double[] values = MemoryMarshal.Cast<byte, double>(_data).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            Span<long> words = MemoryMarshal.Cast<double, long>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }

    /// <summary>The shape as 32-bit integers, for APIs that index with <see cref="int"/>.</summary>
    /// <returns>A new array with one entry per dimension.</returns>
    /// <exception cref="InvalidOperationException">A dimension exceeds <see cref="int.MaxValue"/>.</exception>
    public int[] GetShapeAsInt32()
    {
        var result = new int[_shape.Length];
        for (int i = 0; i < _shape.Length; i++)
        {
            if (_shape[i] > int.MaxValue)
            {
                throw new InvalidOperationException(
                    $"Tensor '{Name}' has dimension {i} of size {_shape[i]}, larger than {int.MaxValue}.");
            }

            result[i] = (int)_shape[i];
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DType.ToHeaderString()}[{string.Join(", ", _shape)}]";

    /// <summary>Wraps bytes the reader has already validated, without copying them.</summary>
    internal static SafeTensorEntry CreateValidated(string name, SafeTensorDType dtype, long[] shape, byte[] data) =>
        new(name, dtype, shape, data, validate: false);

    /// <summary>The byte count of a tensor of <paramref name="dtype"/> and <paramref name="shape"/>, or an exception on overflow.</summary>
    internal static long ByteCountOf(string name, SafeTensorDType dtype, ReadOnlySpan<long> shape)
    {
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentException(
                    $"Tensor '{name}' has negative dimension {shape[i]} at index {i}.", nameof(shape));
            }

            if (shape[i] != 0 && count > long.MaxValue / shape[i])
            {
                throw new ArgumentException(
                    $"Tensor '{name}': the element count of shape [{string.Join(", ", shape.ToArray())}] overflows.",
                    nameof(shape));
            }

            count *= shape[i];
        }

        int size = dtype.SizeInBytes();
        if (count > long.MaxValue / size)
        {
            throw new ArgumentException($"Tensor '{name}': the byte count overflows.", nameof(shape));
        }

        return count * size;
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == SafeTensors.MetadataKey)
        {
            throw new ArgumentException($"'{SafeTensors.MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(name));
        }
    }

    private static void CheckElementCount(string name, int valueCount, ReadOnlySpan<long> shape)
    {
        long expected = ByteCountOf(name, SafeTensorDType.U8, shape);
        if (expected != valueCount)
        {
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] holds {expected} elements, " +
                $"but {valueCount} values were given.",
                nameof(shape));
        }
    }

    private void RequireDType(SafeTensorDType expected, string otherAccessor)
    {
        if (DType != expected)
        {
            string hint = DType is SafeTensorDType.F32 or SafeTensorDType.F64 ? $"; use {otherAccessor}" : "; use Data for the raw bytes";
            throw new InvalidOperationException(
                $"Tensor '{Name}' has dtype {DType.ToHeaderString()}, not {expected.ToHeaderString()}{hint}.");
        }
    }
}
